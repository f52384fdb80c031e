package dozvon.edge.sip.message;

import java.util.Map;
import java.util.Set;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;

/**
 * Canonical header names, compact forms (RFC 3261 §7.3.3 and the extensions that define one) and
 * which headers are comma-separated lists.
 */
public final class HeaderNames {
    public static final String VIA = "Via";
    public static final String FROM = "From";
    public static final String TO = "To";
    public static final String CALL_ID = "Call-ID";
    public static final String CSEQ = "CSeq";
    public static final String MAX_FORWARDS = "Max-Forwards";
    public static final String CONTACT = "Contact";
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String EXPIRES = "Expires";
    public static final String REQUIRE = "Require";
    public static final String PROXY_REQUIRE = "Proxy-Require";
    public static final String SUPPORTED = "Supported";
    public static final String UNSUPPORTED = "Unsupported";
    public static final String ROUTE = "Route";
    public static final String RECORD_ROUTE = "Record-Route";
    public static final String DATE = "Date";
    public static final String TIMESTAMP = "Timestamp";
    public static final String RETRY_AFTER = "Retry-After";

    /** Lower-case name → canonical spelling. Hash lookups: this runs for every header of every message. */
    private static final Map<String, String> CANONICAL = new HashMap<>();
    /** Names as they usually arrive (canonical or compact, exact case) → canonical: skips the lower-casing. */
    private static final Map<String, String> EXACT = new HashMap<>();
    private static final Set<String> LIST_HEADERS = new HashSet<>();
    /** Known canonical names → list header or not, so the lookup on every message skips lower-casing. */
    private static final Map<String, Boolean> LIST_BY_CANONICAL = new HashMap<>();

    static {
        for (String name : new String[] {
            "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow",
            "Allow-Events", "Authentication-Info", "Authorization", CALL_ID, "Call-Info", CONTACT,
            "Content-Disposition", "Content-Encoding", "Content-Language", CONTENT_LENGTH, CONTENT_TYPE, CSEQ,
            DATE, "Error-Info", "Event", EXPIRES, FROM, "History-Info", "Identity", "In-Reply-To",
            MAX_FORWARDS, "Min-Expires", "Min-SE", "MIME-Version", "Organization", "P-Asserted-Identity",
            "P-Preferred-Identity", "Path", "Priority", "Privacy", "Proxy-Authenticate", "Proxy-Authorization",
            PROXY_REQUIRE, "RAck", "Reason", RECORD_ROUTE, "Refer-To", "Referred-By", "Replaces", "Reply-To",
            REQUIRE, RETRY_AFTER, ROUTE, "RSeq", "Server", "Service-Route", "Session-Expires", "Subject",
            "Subscription-State", SUPPORTED, TIMESTAMP, TO, UNSUPPORTED, "User-Agent", VIA, "Warning",
            "WWW-Authenticate"}) {
            CANONICAL.put(name.toLowerCase(Locale.ROOT), name);
            EXACT.put(name, name);
        }
        String[][] compact = {
            {"i", CALL_ID}, {"m", CONTACT}, {"e", "Content-Encoding"}, {"l", CONTENT_LENGTH},
            {"c", CONTENT_TYPE}, {"f", FROM}, {"s", "Subject"}, {"k", SUPPORTED}, {"t", TO}, {"v", VIA},
            {"o", "Event"}, {"r", "Refer-To"}, {"b", "Referred-By"}, {"x", "Session-Expires"},
            {"u", "Allow-Events"}};
        for (String[] pair : compact) {
            CANONICAL.put(pair[0].toLowerCase(Locale.ROOT), pair[1]);
            EXACT.put(pair[0], pair[1]);
        }
        // Headers whose grammar is 1#(element): values split on commas outside quotes and <>.
        // Deliberately absent: WWW-Authenticate, Authorization and friends (commas between
        // auth-params), Date (RFC 1123 date has a comma), From/To/Call-ID/CSeq and unknown headers.
        LIST_HEADERS.addAll(Set.of("accept", "accept-contact", "accept-encoding", "accept-language", "alert-info",
                "allow", "allow-events", "call-info", "contact", "content-encoding", "content-language",
                "error-info", "history-info", "in-reply-to", "p-asserted-identity", "p-preferred-identity",
                "path", "proxy-require", "reason", "record-route", "require", "route", "service-route",
                "supported", "unsupported", "via", "warning"));
        for (String c : CANONICAL.values()) {
            LIST_BY_CANONICAL.put(c, LIST_HEADERS.contains(c.toLowerCase(Locale.ROOT)));
        }
    }

    private HeaderNames() {
    }

    /** The canonical spelling of a known header (compact forms expanded), else the name unchanged. */
    public static String canonical(String name) {
        String c = EXACT.get(name);
        if (c == null) {
            c = CANONICAL.get(name.toLowerCase(Locale.ROOT));
        }
        return c == null ? name : c;
    }

    public static boolean isList(String name) {
        String c = canonical(name);
        Boolean known = LIST_BY_CANONICAL.get(c);
        return known != null ? known : LIST_HEADERS.contains(c.toLowerCase(Locale.ROOT));
    }

    public static boolean sameName(String a, String b) {
        return a.equalsIgnoreCase(b) || canonical(a).equalsIgnoreCase(canonical(b));
    }
}
