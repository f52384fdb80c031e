package dozvon.edge.sip.message;

import java.util.Objects;

/** One header line: a canonical name (unknown names kept as received) and its unfolded value. */
public record Header(String name, String value) {
    public Header {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (hasLineBreak(name) || hasLineBreak(value)) {
            // the one place every outgoing header passes: no header injection, whatever the source
            throw new IllegalArgumentException("CR or LF in header " + name);
        }
        name = HeaderNames.canonical(name);
    }

    static boolean hasLineBreak(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    public boolean is(String otherName) {
        return name.equalsIgnoreCase(HeaderNames.canonical(otherName));
    }

    /** Faster form for loops: {@code canonicalName} must come from {@link HeaderNames#canonical}. */
    boolean hasCanonicalName(String canonicalName) {
        // known names are the same String instance as their canonical constant: identity settles most lookups
        return name == canonicalName || name.equalsIgnoreCase(canonicalName);
    }
}
