package dozvon.edge.sip.message;

/**
 * %-escaping for the parts of a SIP URI (RFC 3261 §19.1.1, §25.1).
 *
 * <p>Decoded values hold one char per octet (ISO-8859-1), so decoding and re-encoding is lossless even
 * for escaped NUL (RFC 4475 §3.1.1.4) or octets that are not valid UTF-8.
 */
final class UriEscapes {
    private static final String UNRESERVED_MARKS = "-_.!~*'()";
    static final String USER_EXTRA = "&=+$,;?/";
    static final String PASSWORD_EXTRA = "&=+$,";
    static final String PARAM_EXTRA = "[]/:&+$";
    static final String HEADER_EXTRA = "[]/?:+$";

    private UriEscapes() {
    }

    static boolean isUnreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || UNRESERVED_MARKS.indexOf(c) >= 0;
    }

    /** Decodes {@code %HH}; rejects characters outside unreserved + extra and malformed escapes. */
    static String decode(String raw, String extra, String what) {
        StringBuilder sb = null;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new SipSyntaxException("truncated escape in URI " + what + ": " + raw);
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new SipSyntaxException("bad escape in URI " + what + ": " + raw);
                }
                if (sb == null) {
                    sb = new StringBuilder(raw.length()).append(raw, 0, i);
                }
                sb.append((char) (hi << 4 | lo));
                i += 2;
            } else if (isUnreserved(c) || extra.indexOf(c) >= 0) {
                if (sb != null) {
                    sb.append(c);
                }
            } else {
                throw new SipSyntaxException("character '" + c + "' not allowed in URI " + what + ": " + raw);
            }
        }
        return sb == null ? raw : sb.toString();
    }

    static void encode(String decoded, String extra, StringBuilder out) {
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (isUnreserved(c) || extra.indexOf(c) >= 0) {
                out.append(c);
            } else {
                int octet = c & 0xff;
                out.append('%').append(Character.toUpperCase(Character.forDigit(octet >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(octet & 0xf, 16)));
            }
        }
    }
}
