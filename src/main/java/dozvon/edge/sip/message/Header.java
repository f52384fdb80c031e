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
        return name.equalsIgnoreCase(HeaderNames.canonical(otherName));
    }

    /** Faster form for loops: {@code canonicalName} must come from {@link HeaderNames#canonical}. */
    boolean hasCanonicalName(String canonicalName) {
        return name.equalsIgnoreCase(canonicalName);
    }
}
