package dozvon.edge.sip.message;

import java.util.Objects;

/** One header line: a canonical name (unknown names kept as received) and its unfolded value. */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        name = HeaderNames.canonical(name);
    }

    public boolean is(String otherName) {
        return HeaderNames.sameName(name, otherName);
    }
}
