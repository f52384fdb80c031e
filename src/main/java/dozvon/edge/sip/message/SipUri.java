package dozvon.edge.sip.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A sip: or sips: URI (RFC 3261 §19.1, §25.1; IPv6 references per RFC 5118).
 *
 * <p>{@code user}, {@code password}, parameter and header names/values are held %-decoded, one char
 * per octet, and re-escaped by {@link #toString()}; so {@code sip:%75ser@h} and {@code sip:user@h}
 * give equal records, as RFC 3261 §19.1.4 wants. {@code host} keeps IPv6 brackets; {@code port} is
 * -1 when absent.
 */
public record SipUri(boolean secure, String user, String password, String host, int port,
                     List<Param> params, List<Param> headers) implements Uri {

    public SipUri {
        if (!HostSyntax.isValidHost(host)) {
            throw new IllegalArgumentException("bad host: " + host);
        }
        params = List.copyOf(params);
        headers = List.copyOf(headers);
    }

    /** sip:user@host[:port], the common case when building requests. */
    public static SipUri of(String user, String host, int port) {
        return new SipUri(false, user, null, host, port, List.of(), List.of());
    }

    @Override
    public String scheme() {
        return secure ? "sips" : "sip";
    }

    public Optional<String> param(String name) {
        for (Param p : params) {
            if (p.named(name)) {
                return Optional.ofNullable(p.value());
            }
        }
        return Optional.empty();
    }

    public boolean hasParam(String name) {
        for (Param p : params) {
            if (p.named(name)) {
                return true;
            }
        }
        return false;
    }

    public Optional<String> transport() {
        return param("transport");
    }

    /** True when the URI carries a {@code ?header} part, which a Request-URI must not (RFC 3261 §19.1.5). */
    public boolean hasHeaders() {
        return !headers.isEmpty();
    }

    public SipUri withParam(String name, String value) {
        List<Param> copy = new ArrayList<>(params.size() + 1);
        for (Param p : params) {
            if (!p.named(name)) {
                copy.add(p);
            }
        }
        copy.add(new Param(name, value));
        return new SipUri(secure, user, password, host, port, copy, headers);
    }

    /**
     * URI equality per RFC 3261 §19.1.4, which the record's structural {@code equals} is not: host
     * case-insensitive, user and password case-sensitive (after unescaping), an absent port differs
     * from an explicit 5060; the user, ttl, method, maddr and transport parameters must match when
     * either side has them; other parameters only when both have them; URI headers must all match.
     */
    public boolean equivalentTo(SipUri other) {
        if (secure != other.secure || port != other.port || !Objects.equals(user, other.user)
                || !Objects.equals(password, other.password) || !host.equalsIgnoreCase(other.host)) {
            return false;
        }
        for (String name : new String[] {"user", "ttl", "method", "maddr", "transport"}) {
            if (hasParam(name) != other.hasParam(name) || !paramValueMatches(name, other)) {
                return false;
            }
        }
        for (Param p : params) {
            if (other.hasParam(p.name()) && !paramValueMatches(p.name(), other)) {
                return false;
            }
        }
        return sameHeaders(headers, other.headers) && sameHeaders(other.headers, headers);
    }

    private boolean paramValueMatches(String name, SipUri other) {
        String mine = param(name).orElse("");
        String theirs = other.param(name).orElse("");
        return mine.equalsIgnoreCase(theirs);
    }

    private static boolean sameHeaders(List<Param> a, List<Param> b) {
        for (Param h : a) {
            boolean found = false;
            for (Param g : b) {
                if (g.named(h.name()) && Objects.equals(g.value(), h.value())) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    public SipUri withoutHeaders() {
        return new SipUri(secure, user, password, host, port, params, List.of());
    }

    public static SipUri parse(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new SipSyntaxException("whitespace or non-ASCII character in SIP URI: " + text);
            }
        }
        // Offsets into text, not substrings of what is left: a URI is parsed for every message's From and To.
        int colon = text.indexOf(':');
        boolean secure;
        if (colon == 3 && text.regionMatches(true, 0, "sip", 0, 3)) {
            secure = false;
        } else if (colon == 4 && text.regionMatches(true, 0, "sips", 0, 4)) {
            secure = true;
        } else {
            throw new SipSyntaxException("not a sip/sips URI: " + text);
        }
        int end = text.length();
        // userinfo ends at the first '@': neither user nor password may hold an unescaped '@', while
        // the user part may hold ';', '?' and '/' (RFC 4475 §3.1.1.2 and §3.1.1.9).
        String user = null;
        String password = null;
        int i = colon + 1;
        int at = text.indexOf('@', i);
        if (at >= 0) {
            int pc = text.indexOf(':', i);
            int userEnd = pc >= 0 && pc < at ? pc : at;
            if (userEnd == i) {
                throw new SipSyntaxException("empty user part in SIP URI: " + text);
            }
            user = UriEscapes.decode(text.substring(i, userEnd), UriEscapes.USER_EXTRA, "user");
            if (userEnd < at) {
                password = UriEscapes.decode(text.substring(userEnd + 1, at), UriEscapes.PASSWORD_EXTRA, "password");
            }
            i = at + 1;
        }
        String host;
        if (i < end && text.charAt(i) == '[') {
            int close = text.indexOf(']', i);
            if (close < 0) {
                throw new SipSyntaxException("unterminated IPv6 reference in SIP URI: " + text);
            }
            host = text.substring(i, close + 1);
            i = close + 1;
        } else {
            int hostStart = i;
            while (i < end && ":;?".indexOf(text.charAt(i)) < 0) {
                i++;
            }
            host = text.substring(hostStart, i);
        }
        if (!HostSyntax.isValidHost(host)) {
            throw new SipSyntaxException("bad host in SIP URI: " + text);
        }
        int port = -1;
        if (i < end && text.charAt(i) == ':') {
            int portStart = ++i;
            while (i < end && ";?".indexOf(text.charAt(i)) < 0) {
                i++;
            }
            port = parsePort(text, portStart, i, text);
        }
        List<Param> params = new ArrayList<>(2);
        while (i < end && text.charAt(i) == ';') {
            int paramStart = ++i;
            while (i < end && ";?".indexOf(text.charAt(i)) < 0) {
                i++;
            }
            params.add(parsePair(text, paramStart, i, UriEscapes.PARAM_EXTRA, "parameter", false));
        }
        List<Param> headers = new ArrayList<>(0);
        if (i < end && text.charAt(i) == '?') {
            int pairStart = i + 1;
            for (int k = pairStart; k <= end; k++) {
                if (k == end || text.charAt(k) == '&') {
                    headers.add(parsePair(text, pairStart, k, UriEscapes.HEADER_EXTRA, "header", true));
                    pairStart = k + 1;
                }
            }
            i = end;
        }
        if (i != end) {
            throw new SipSyntaxException("trailing characters in SIP URI: " + text);
        }
        return new SipUri(secure, user, password, host, port, params, headers);
    }

    static int parsePort(String digits, String context) {
        return parsePort(digits, 0, digits.length(), context);
    }

    private static int parsePort(String s, int from, int to, String context) {
        if (to == from || to - from > 5) {
            throw new SipSyntaxException("bad port in: " + context);
        }
        int port = 0;
        for (int k = from; k < to; k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                throw new SipSyntaxException("bad port in: " + context);
            }
            port = port * 10 + (c - '0');
        }
        if (port > 65535) {
            throw new SipSyntaxException("port out of range in: " + context);
        }
        return port;
    }

    /** The {@code name[=value]} pair at {@code text[from, to)}. */
    private static Param parsePair(String text, int from, int to, String extra, String what,
                                   boolean valueRequired) {
        int eq = text.indexOf('=', from);
        if (eq >= to) {
            eq = -1;
        }
        int nameEnd = eq < 0 ? to : eq;
        if (nameEnd == from) {
            throw new SipSyntaxException("empty " + what + " name in SIP URI: " + text);
        }
        if (eq < 0 && valueRequired) {
            throw new SipSyntaxException("URI header without '=' in: " + text);
        }
        String value = eq < 0 ? null : UriEscapes.decode(text.substring(eq + 1, to), extra, what);
        return new Param(UriEscapes.decode(text.substring(from, nameEnd), extra, what), value);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(32).append(scheme()).append(':');
        if (user != null) {
            UriEscapes.encode(user, UriEscapes.USER_EXTRA, sb);
            if (password != null) {
                sb.append(':');
                UriEscapes.encode(password, UriEscapes.PASSWORD_EXTRA, sb);
            }
            sb.append('@');
        }
        sb.append(host);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        for (Param p : params) {
            sb.append(';');
            UriEscapes.encode(p.name(), UriEscapes.PARAM_EXTRA, sb);
            if (p.value() != null) {
                sb.append('=');
                UriEscapes.encode(p.value(), UriEscapes.PARAM_EXTRA, sb);
            }
        }
        char sep = '?';
        for (Param h : headers) {
            sb.append(sep);
            UriEscapes.encode(h.name(), UriEscapes.HEADER_EXTRA, sb);
            sb.append('=');
            UriEscapes.encode(h.value() == null ? "" : h.value(), UriEscapes.HEADER_EXTRA, sb);
            sep = '&';
        }
        return sb.toString();
    }
}
