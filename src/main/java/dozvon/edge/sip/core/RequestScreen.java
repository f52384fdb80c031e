package dozvon.edge.sip.core;

import dozvon.edge.sip.message.HeaderNames;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.SipUri;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checks every request passes before any application logic (RFC 3261 §8.2): method, URI scheme,
 * Max-Forwards and Require; and the answer to OPTIONS keep-alives. Pure: request in, maybe a response out.
 */
public final class RequestScreen {

    /** Methods this gateway handles (UPDATE and INFO are relayed inside dialogs). */
    public static final List<String> ALLOWED = List.of("INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "REGISTER", "UPDATE", "INFO");
    public static final String ALLOW_HEADER = String.join(", ", ALLOWED);

    /** Methods we know of but do not serve: 405 rather than 501 (RFC 3261 §21.4.6 vs §21.5.2). */
    private static final Set<String> KNOWN_NOT_ALLOWED =
            Set.of("SUBSCRIBE", "NOTIFY", "PUBLISH", "MESSAGE", "REFER", "PRACK");

    /** Option tags we support in Require (none yet: we are a plain RFC 3261 B2BUA). */
    private static final Set<String> SUPPORTED_EXTENSIONS = Set.of();

    private RequestScreen() {}

    /** @return the response that ends this request here, or empty to pass it on */
    public static Optional<SipResponse> screen(SipRequest req) {
        String method = req.method();
        if (!ALLOWED.contains(method)) {
            int status = KNOWN_NOT_ALLOWED.contains(method.toUpperCase(Locale.ROOT)) ? 405 : 501;
            return Optional.of(respond(req, status, status == 405 ? "Method Not Allowed" : "Not Implemented")
                    .withHeader("Allow", ALLOW_HEADER));
        }
        if (method.equals("ACK")) {
            return Optional.empty(); // never answered (RFC 3261 §17.2.3)
        }
        if (!(req.requestUri() instanceof SipUri)) {
            return Optional.of(respond(req, 416, "Unsupported URI Scheme"));
        }
        Optional<String> mf = req.headers().first(HeaderNames.MAX_FORWARDS);
        if (mf.isPresent() && mf.get().trim().equals("0") && !method.equals("OPTIONS") && !method.equals("REGISTER")) {
            // We would forward this request to a leg: with no hops left, stop here (RFC 3261 §16.3 step 2).
            return Optional.of(respond(req, 483, "Too Many Hops"));
        }
        if (!method.equals("CANCEL")) { // a CANCEL's Require is not checked (RFC 3261 §8.2.2.3)
            List<String> unsupported = new ArrayList<>();
            for (String tag : req.headers().values(HeaderNames.REQUIRE)) {
                if (!SUPPORTED_EXTENSIONS.contains(tag.trim().toLowerCase(Locale.ROOT))) {
                    unsupported.add(tag.trim());
                }
            }
            if (!unsupported.isEmpty()) {
                return Optional.of(respond(req, 420, "Bad Extension")
                        .withHeader(HeaderNames.UNSUPPORTED, String.join(", ", unsupported)));
            }
        }
        if (method.equals("OPTIONS")) {
            return Optional.of(respond(req, 200, "OK")
                    .withHeader("Allow", ALLOW_HEADER)
                    .withHeader("Accept", "application/sdp")
                    .withHeader("Accept-Language", "en"));
        }
        return Optional.empty();
    }

    /** A response to {@code req} with a To tag (RFC 3261 §8.2.6.2), except for 100 Trying. */
    public static SipResponse respond(SipRequest req, int status, String reason) {
        SipResponse r = SipResponse.forRequest(req, status, reason);
        if (status == 100) {
            return r;
        }
        try {
            return r.to() == null || r.to().tag().isPresent() ? r : r.withToTag(Tags.newTag());
        } catch (RuntimeException unparsableTo) {
            return r; // the parser vouched for To's presence, not for every oddity in it: answer anyway
        }
    }
}
