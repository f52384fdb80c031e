package dozvon.app.config;

import java.util.List;
import java.util.Map;

/**
 * The whole configuration, as read from YAML and {@code DOZVON_*} environment variables.
 * Defaults live in {@code dozvon/defaults.yaml}; {@link ConfigLoader} merges them under the user's file, so
 * a primitive here is never missing. Nullable fields are the optional keys of the contract.
 */
public record DozvonConfig(
        Http http,
        Sip sip,
        Ari ari,
        Postgres postgres,
        Redis redis,
        Data data,
        Telephony telephony,
        Callbacks callbacks,
        Notifications notifications,
        Shutdown shutdown,
        List<Agent> agents,
        List<Group> groups,
        List<NumberEntry> numbers,
        List<String> blacklist,
        Customers customers,
        WebTracking tracking) {

    public record Http(String host, int port, String adminToken, int maxBodyBytes) {}

    /** {@code rateLimit} applies per source address outside every trunk (phones, scanners). */
    /** {@code advertisedHost}: the address put in Via and Contact (null: {@code host}, or 127.0.0.1 for 0.0.0.0). */
    public record Sip(String host, int port, String domain, List<Trunk> trunks, RateLimit rateLimit, int tcpIdleSeconds,
                      List<String> digestAlgorithms, String advertisedHost, int maxActiveCalls,
                      int maxPendingClaims, int maxLoopLagMillis, int claimTimeoutMillis, Qualify qualify) {

        public String advertised() {
            if (advertisedHost != null) {
                return advertisedHost;
            }
            return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        }
    }

    public record RateLimit(int perSecond, int burst) {}

    /** OPTIONS to agents' static contacts every {@code everySeconds} (0: never), answered within {@code timeoutMillis}. */
    public record Qualify(int everySeconds, int timeoutMillis) {}

    public record Trunk(String name, List<String> allow, String outbound, String username, String password) {}

    public record Ari(boolean enabled, String url, String app, String username, String password) {}

    /** {@code url}: {@code embedded} or {@code postgresql://user:pass@host:port/db}. */
    public record Postgres(String url, int poolSize) {}

    /**
     * {@code url}: {@code embedded} or {@code redis://host:port}; {@code keyPrefix} separates tenants or test runs;
     * {@code commandTimeoutMillis}: a Redis that answers nothing this long while commands wait is taken for hung.
     */
    public record Redis(String url, String keyPrefix, int commandTimeoutMillis) {}

    public record Data(String dir) {}

    public record Telephony(int ringSeconds, int wrapUpSeconds, int shortAbandonSeconds, int targetCallSeconds) {}

    /**
     * {@code ringSeconds}: how long the dialer rings the agent and then the customer; {@code spreadMinutes}: tasks
     * waiting for an opening are spread over this many minutes after it; {@code pollSeconds}: how often each
     * replica looks for due tasks; {@code agentRetrySeconds}: how soon a task is tried again when no agent was free
     * or the agent did not answer (the customer's attempts are not used up by that); {@code autoDial}: false keeps
     * the tasks (API, notifications) but nobody dials them (a CRM works them off, or a load test runs).
     */
    public record Callbacks(List<Integer> retryAfterMinutes, int maxAttempts, int ringSeconds, int spreadMinutes,
                            int pollSeconds, int agentRetrySeconds, boolean autoDial) {}

    /**
     * {@code retry}: a failed delivery waits {@code firstSeconds}, doubling up to {@code maxSeconds} (with jitter),
     * at most {@code maxAttempts} tries; {@code timeoutSeconds} bounds one webhook request or SMTP connection;
     * finished notifications are purged after {@code keepDays}.
     */
    public record Notifications(Email email, List<Webhook> webhooks, Retry retry, int timeoutSeconds, int keepDays) {}

    public record Retry(int firstSeconds, int maxSeconds, int maxAttempts) {}

    /** {@code digest}: missed calls go to the head as one mail per hour instead of one per call. */
    public record Email(String smtp, String from, boolean digest) {}

    public record Webhook(String url, String secret, List<String> events) {}

    /** How long SIGTERM waits for calls in flight before stopping anyway. */
    public record Shutdown(int drainSeconds) {}

    /** {@code email}: where notifications for a group this agent heads go (optional). */
    public record Agent(String id, String name, String group, String contact, String mobile, String password,
                        String email) {}

    public record Group(String id, String head, Hours hours, List<Step> chain, List<Step> offHours) {}

    /** Weekly values may be one {@code "HH:MM-HH:MM"} or a list of them; the loader accepts both. */
    public record Hours(String timezone, Map<String, List<String>> weekly, List<String> holidays) {}

    public record Step(String target, Integer rings, Integer seconds) {}

    /** Either a single {@code number} or a {@code pool} of {@code numbers}. */
    /** {@code fallback}: for a pool, the number shown when every pool number is leased (else {@code tracking.defaultNumber}). */
    public record NumberEntry(String number, String pool, List<String> numbers, String group, Tracking tracking,
                              Integer leaseMinutes, String fallback) {}

    /**
     * The caller card looked up when a call arrives: given up after {@code lookupTimeoutMillis} (the ring never
     * waits longer), with the caller's last {@code historySize} calls.
     */
    public record Customers(int lookupTimeoutMillis, int historySize) {}

    /**
     * Dynamic numbers for websites ({@code POST /api/tracking/sessions}, {@code /tracking.js}): the sites allowed
     * to ask (CORS origins, e.g. https://shop.example), the number shown when a pool is exhausted, requests per
     * minute per client address, and the CSS selector of the phone elements the snippet replaces.
     */
    public record WebTracking(List<String> allowedOrigins, String defaultNumber, int requestsPerMinute,
                              int maxBodyBytes, String phoneSelector) {}

    public record Tracking(String source, String medium, String campaign) {}
}
