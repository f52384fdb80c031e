package dozvon.core.tracking;

import java.util.Objects;

/** What a website tells about a visit when it asks for a number: the visitor and their utm parameters. */
public record VisitorSession(String visitorId, String source, String medium, String campaign, String keyword,
                            String landingPage) {

    public VisitorSession {
        Objects.requireNonNull(visitorId, "visitorId");
    }

    public Attribution attribution(String pool) {
        return new Attribution(source, medium, campaign, keyword, landingPage, visitorId, pool);
    }
}
