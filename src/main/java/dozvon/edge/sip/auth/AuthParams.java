package dozvon.edge.sip.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Digest k=v, k="v"} parameter list of WWW-Authenticate, Proxy-Authenticate, Authorization and
 * Proxy-Authorization (RFC 3261 §25.1, RFC 7616 §3.4). Names are case-insensitive; quoted values may hold
 * commas and escaped quotes.
 */
public record AuthParams(String scheme, Map<String, String> params) {

    public Optional<String> get(String name) {
        return Optional.ofNullable(params.get(name.toLowerCase(Locale.ROOT)));
    }

    /** @return empty when the value is not a well-formed credentials/challenge line */
    public static Optional<AuthParams> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.trim();
        int sp = 0;
        while (sp < v.length() && !Character.isWhitespace(v.charAt(sp))) {
            sp++;
        }
        if (sp == 0 || sp == v.length()) {
            return Optional.empty();
        }
        String scheme = v.substring(0, sp);
        Map<String, String> params = new LinkedHashMap<>();
        int i = sp;
        while (i < v.length()) {
            while (i < v.length() && (Character.isWhitespace(v.charAt(i)) || v.charAt(i) == ',')) {
                i++;
            }
            if (i >= v.length()) {
                break;
            }
            int eq = v.indexOf('=', i);
            if (eq < 0) {
                return Optional.empty();
            }
            String name = v.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty() || name.chars().anyMatch(Character::isWhitespace)) {
                return Optional.empty();
            }
            i = eq + 1;
            while (i < v.length() && Character.isWhitespace(v.charAt(i))) {
                i++;
            }
            StringBuilder val = new StringBuilder();
            if (i < v.length() && v.charAt(i) == '"') {
                i++;
                boolean closed = false;
                while (i < v.length()) {
                    char c = v.charAt(i++);
                    if (c == '\\' && i < v.length()) {
                        val.append(v.charAt(i++));
                    } else if (c == '"') {
                        closed = true;
                        break;
                    } else {
                        val.append(c);
                    }
                }
                if (!closed) {
                    return Optional.empty();
                }
            } else {
                while (i < v.length() && v.charAt(i) != ',' && !Character.isWhitespace(v.charAt(i))) {
                    val.append(v.charAt(i++));
                }
            }
            params.put(name, val.toString());
        }
        return Optional.of(new AuthParams(scheme, params));
    }

    static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
