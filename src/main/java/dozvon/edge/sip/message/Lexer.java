package dozvon.edge.sip.message;

/**
 * A cursor over one header value, with the RFC 3261 §25.1 basic rules (token, LWS, quoted-string).
 *
 * <p>Folded lines have already been joined by the codec, so LWS here is only SP and HTAB.
 */
final class Lexer {
    private final String text;
    private int pos;

    Lexer(String text) {
        this.text = text;
    }

    int position() {
        return pos;
    }

    boolean atEnd() {
        return pos >= text.length();
    }

    char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    /** Skips SP/HTAB and reports whether any were skipped. */
    boolean skipWhitespace() {
        int start = pos;
        while (pos < text.length() && isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return pos > start;
    }

    boolean consume(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    void expect(char c, String what) {
        if (!consume(c)) {
            throw new SipSyntaxException("expected '" + c + "' " + what + " at " + pos + " in: " + text);
        }
    }

    String token(String what) {
        int start = pos;
        while (pos < text.length() && isTokenChar(text.charAt(pos))) {
            pos++;
        }
        if (pos == start) {
            throw new SipSyntaxException("expected " + what + " at " + pos + " in: " + text);
        }
        return text.substring(start, pos);
    }

    /** Reads while the predicate holds; may return an empty string. */
    String span(CharPredicate allowed) {
        int start = pos;
        while (pos < text.length() && allowed.test(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /**
     * Reads a quoted-string starting at the current '"' and returns it verbatim, quotes included.
     * quoted-pair may escape any octet but CR and LF (RFC 3261 §25.1), including NUL (RFC 4475 §3.1.1.2).
     */
    String rawQuotedString() {
        int start = pos;
        expect('"', "to open a quoted-string");
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\\') {
                if (pos >= text.length() || text.charAt(pos) == '\r' || text.charAt(pos) == '\n') {
                    break;
                }
                pos++;
            } else if (c == '"') {
                return text.substring(start, pos);
            }
        }
        throw new SipSyntaxException("unterminated quoted-string in: " + text);
    }

    String rest() {
        String r = text.substring(Math.min(pos, text.length()));
        pos = text.length();
        return r;
    }

    /** The content of a raw quoted-string with quotes removed and quoted-pairs resolved. */
    static String unquote(String rawQuoted) {
        StringBuilder sb = new StringBuilder(rawQuoted.length());
        for (int i = 1; i < rawQuoted.length() - 1; i++) {
            char c = rawQuoted.charAt(i);
            if (c == '\\' && i + 1 < rawQuoted.length() - 1) {
                c = rawQuoted.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * Quotes a string, escaping '"', '\' and control characters with quoted-pair. CR and LF cannot be
     * quoted-pairs (RFC 3261 §25.1); they can only be here if they came raw inside the quotes, so
     * they go back raw.
     */
    static String quote(String plain) {
        StringBuilder sb = new StringBuilder(plain.length() + 2).append('"');
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (c == '"' || c == '\\' || (c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.append('"').toString();
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /** token characters per RFC 3261 §25.1. */
    static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return switch (c) {
            case '-', '.', '!', '%', '*', '_', '+', '`', '\'', '~' -> true;
            default -> false;
        };
    }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String trimWhitespace(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    @FunctionalInterface
    interface CharPredicate {
        boolean test(char c);
    }
}
