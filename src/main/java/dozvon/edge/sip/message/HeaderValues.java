package dozvon.edge.sip.message;

import java.util.ArrayList;
import java.util.List;

/** Small parsers for scalar and list header values (RFC 3261 §20, §25.1). */
public final class HeaderValues {
    public static final long MAX_DELTA_SECONDS = 0xFFFF_FFFFL;

    private HeaderValues() {
    }

    /**
     * Parses 1*DIGIT (leading zeros allowed, RFC 4475 §3.1.1.1) and returns it, or -1 when it is not
     * a number or exceeds {@code max}. Never overflows, whatever the length (RFC 4475 §3.1.2.4).
     */
    public static long parseBoundedNumber(String digits, long max) {
        if (digits.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
            if (n > max) {
                return -1;
            }
        }
        return n;
    }

    /** Max-Forwards: 1*DIGIT, 0–255 (RFC 3261 §20.22). */
    public static int parseMaxForwards(String value) {
        long n = parseBoundedNumber(Lexer.trimWhitespace(value), 255);
        if (n < 0) {
            throw new SipSyntaxException("Max-Forwards must be 0-255: " + value);
        }
        return (int) n;
    }

    /** Content-Length: 1*DIGIT, bounded by int since bodies are held in arrays. */
    public static int parseContentLength(String value) {
        long n = parseBoundedNumber(Lexer.trimWhitespace(value), Integer.MAX_VALUE);
        if (n < 0) {
            throw new SipSyntaxException("Content-Length must be a non-negative number: " + value);
        }
        return (int) n;
    }

    /** delta-seconds, 32-bit unsigned (RFC 3261 §20.19 Expires, §20.33 Retry-After, Contact expires). */
    public static long parseDeltaSeconds(String value) {
        long n = parseBoundedNumber(Lexer.trimWhitespace(value), MAX_DELTA_SECONDS);
        if (n < 0) {
            throw new SipSyntaxException("delta-seconds must be 0-4294967295: " + value);
        }
        return n;
    }

    /**
     * Splits a list value on commas that are outside quoted strings and angle brackets; elements are
     * trimmed, empty ones kept (so the caller can reject {@code a,,b} where the grammar forbids it).
     * An all-blank value is an empty list.
     */
    public static List<String> splitList(String value) {
        List<String> out = new ArrayList<>(2);
        if (Lexer.trimWhitespace(value).isEmpty()) {
            return out;
        }
        boolean inQuotes = false;
        boolean inAngle = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (inQuotes) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inQuotes = false;
                }
            } else if (c == '"') {
                inQuotes = true;
            } else if (c == '<') {
                inAngle = true;
            } else if (c == '>') {
                inAngle = false;
            } else if (c == ',' && !inAngle) {
                out.add(Lexer.trimWhitespace(value.substring(start, i)));
                start = i + 1;
            }
        }
        out.add(Lexer.trimWhitespace(value.substring(start)));
        return out;
    }

    /** option-tag lists (Require, Proxy-Require, Supported, Unsupported): tokens, RFC 3261 §20.32. */
    public static List<String> parseOptionTags(List<String> elements) {
        List<String> tags = new ArrayList<>(elements.size());
        for (String e : elements) {
            if (!Lexer.isToken(e)) {
                throw new SipSyntaxException("option-tag must be a token: '" + e + "'");
            }
            tags.add(e);
        }
        return tags;
    }

    /**
     * Date must be an RFC 1123 date in GMT (RFC 3261 §20.17), e.g. {@code Sat, 13 Nov 2010 23:29:00 GMT};
     * RFC 4475 §3.1.2.13 (baddate) uses "EST" and merits a 400.
     */
    public static boolean isSipDate(String value) {
        String v = Lexer.trimWhitespace(value);
        if (v.length() != 29) {
            return false;
        }
        String wkday = v.substring(0, 3);
        String month = v.substring(8, 11);
        return "Mon Tue Wed Thu Fri Sat Sun".contains(wkday) && wkday.indexOf(' ') < 0
                && v.charAt(3) == ',' && v.charAt(4) == ' ' && digits(v, 5, 7) && v.charAt(7) == ' '
                && "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".contains(month) && month.indexOf(' ') < 0
                && v.charAt(11) == ' ' && digits(v, 12, 16) && v.charAt(16) == ' '
                && digits(v, 17, 19) && v.charAt(19) == ':' && digits(v, 20, 22) && v.charAt(22) == ':'
                && digits(v, 23, 25) && v.endsWith(" GMT");
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
