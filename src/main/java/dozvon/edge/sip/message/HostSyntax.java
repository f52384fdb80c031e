package dozvon.edge.sip.message;

/**
 * Host checks for sent-by and SIP URIs: hostname, IPv4address, IPv6reference (RFC 3261 §25.1 with the
 * corrections of RFC 5118 §4.10).
 */
public final class HostSyntax {
    private HostSyntax() {
    }

    /** hostname / IPv4address / "[" IPv6address "]". */
    public static boolean isValidHost(String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.charAt(0) == '[') {
            return host.length() > 2 && host.charAt(host.length() - 1) == ']'
                    && isIpv6(host.substring(1, host.length() - 1));
        }
        return isIpv4(host) || isHostname(host);
    }

    /**
     * hostname = *( domainlabel "." ) toplabel [ "." ]. Labels are alphanumerics and '-' (an
     * underscore is tolerated because deployed equipment uses it). An all-numeric dotted name must be
     * a valid IPv4 address instead.
     */
    static boolean isHostname(String host) {
        boolean allDigitsAndDots = true;
        int labelLength = 0;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return false;
                }
                labelLength = 0;
            } else if (c >= '0' && c <= '9') {
                labelLength++;
            } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
                allDigitsAndDots = false;
                labelLength++;
            } else {
                return false;
            }
        }
        return !allDigitsAndDots && host.charAt(0) != '-';
    }

    public static boolean isIpv4(String s) {
        int parts = 0;
        int value = -1;
        int digits = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || value > 255) {
                    return false;
                }
                parts++;
                value = -1;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (++digits > 3) {
                    return false;
                }
                value = (value < 0 ? 0 : value * 10) + (c - '0');
            } else {
                return false;
            }
        }
        return parts == 4;
    }

    /**
     * IPv6address per RFC 4291 §2.2, plus the three-colon form {@code 2001:db8:::192.0.2.1} that the
     * RFC 3261 ABNF produced by mistake; RFC 5118 §4.10 asks receivers to accept both.
     */
    public static boolean isIpv6(String s) {
        if (s.contains(":::")) {
            int i = s.indexOf(":::");
            String tail = s.substring(i + 3);
            if (s.indexOf(":::", i + 1) >= 0 || !isIpv4(tail)) {
                return false;
            }
            s = s.substring(0, i) + "::" + tail;
        }
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        int groups = 0;
        String[] parts = s.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                continue; // the ends and the middle of "::"; its uniqueness was checked above
            }
            if (i == parts.length - 1 && part.indexOf('.') >= 0) {
                if (!isIpv4(part)) {
                    return false;
                }
                groups += 2;
            } else {
                if (part.length() > 4) {
                    return false;
                }
                for (int k = 0; k < part.length(); k++) {
                    if (Character.digit(part.charAt(k), 16) < 0) {
                        return false;
                    }
                }
                groups++;
            }
        }
        if (doubleColon < 0) {
            // no "::": exactly 8 groups and no empty part anywhere
            for (String part : parts) {
                if (part.isEmpty()) {
                    return false;
                }
            }
            return groups == 8;
        }
        // a single ':' at either end is not allowed (":1::2" or "1::2:")
        if (s.startsWith(":") && !s.startsWith("::") || s.endsWith(":") && !s.endsWith("::")) {
            return false;
        }
        return groups <= 7;
    }
}
