package dozvon.edge.sip.message;

import java.util.Locale;

/**
 * A URI of a scheme we do not interpret (RFC 3261 §25.1 absoluteURI), kept verbatim.
 * {@code tel:}, {@code http:}, {@code isbn:} and unknown schemes all land here.
 */
public record AbsoluteUri(String scheme, String text) implements Uri {

    public AbsoluteUri {
        if (Header.hasLineBreak(text)) {
            throw new IllegalArgumentException("CR or LF in URI");
        }
    }

    public static AbsoluteUri parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new SipSyntaxException("not an absolute URI: " + text);
        }
        if (!isAlpha(text.charAt(0))) {
            throw new SipSyntaxException("URI scheme must start with a letter: " + text);
        }
        for (int i = 1; i < colon; i++) {
            char c = text.charAt(i);
            if (!(isAlpha(c) || c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.')) {
                throw new SipSyntaxException("bad URI scheme: " + text);
            }
        }
        for (int i = colon + 1; i < text.length(); i++) {
            if (!isUric(text.charAt(i))) {
                throw new SipSyntaxException("bad character in URI: " + text);
            }
        }
        return new AbsoluteUri(text.substring(0, colon).toLowerCase(Locale.ROOT), text);
    }

    /** Everything after "scheme:". */
    public String schemeSpecificPart() {
        return text.substring(text.indexOf(':') + 1);
    }

    private static boolean isAlpha(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    /** uric = reserved / unreserved / escaped (RFC 2396), i.e. printable ASCII except a few delimiters. */
    private static boolean isUric(char c) {
        if (c <= 0x20 || c >= 0x7f) {
            return false;
        }
        return switch (c) {
            case '<', '>', '"', '{', '}', '|', '\\', '^', '`' -> false;
            default -> true;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
