package dozvon.obs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The contract's {@code dozvon_*} metrics, registered at start so a scrape shows them even while zero.
 * Micrometer names ({@code dozvon.calls}) become Prometheus names ({@code dozvon_calls_total}) by its
 * naming convention; the comments give the scraped name.
 */
public final class Metrics {

    public static final List<String> OUTCOMES = List.of("answered", "missed", "abandoned", "rejected", "off_hours");
    /** How chain steps end (the core's StepEnd wire names). */
    public static final List<String> STEP_RESULTS = List.of("answered", "timed_out", "all_legs_failed",
            "nobody_available", "no_number", "caller_hung_up", "taken");
    public static final List<String> AGENT_STATES = List.of("available", "ringing", "on_call", "wrap_up", "away", "offline");
    private static final List<String> SIP_METHODS =
            List.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "response");

    private final PrometheusMeterRegistry registry;
    private final Map<String, Counter> callsByOutcome = new ConcurrentHashMap<>();
    /** direction + ' ' + method → counter: looked up per SIP message, so never re-registered on the hot path. */
    /** direction → method → counter: looked up for every SIP message, so no key is built per lookup. */
    private final Map<String, Map<String, Counter>> sipMessages = new ConcurrentHashMap<>();
    private final Map<String, Counter> stepsByResult = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> agentsByState = new ConcurrentHashMap<>();
    private final AtomicLong callsActive = new AtomicLong();
    private volatile java.util.function.IntSupplier claimsPending = () -> 0;
    private volatile java.util.function.IntSupplier consoleCalls = () -> 0;
    private volatile java.util.function.LongSupplier loopLagNanos = () -> 0L;
    private volatile java.util.function.LongSupplier udpBacklogNanos = () -> 0L;
    private final Timer offerToScreen;
    private final AtomicLong wsSessions = new AtomicLong();
    private final AtomicLong spoolPending = new AtomicLong();
    private final Map<String, Counter> notifications = new ConcurrentHashMap<>();
    private final AtomicLong notificationsPending = new AtomicLong();
    private final AtomicLong notificationSpoolPending = new AtomicLong();
    private final Timer callSetup;
    private final Timer answerWait;
    private final Counter sipRetransmissions;
    private final Counter sipParseErrors;
    private final Counter sipForbidden;
    private final Counter sipRateLimited;
    private final Counter callsOverload;
    private final Counter claimsTimedOut;
    private final Map<String, Counter> callbackAttempts = new ConcurrentHashMap<>();

    public Metrics() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);

        OUTCOMES.forEach(o -> callsByOutcome.put(o, Counter.builder("dozvon.calls") // dozvon_calls_total{outcome}
                .description("Inbound calls by final outcome").tag("outcome", o).register(registry)));
        STEP_RESULTS.forEach(r -> stepsByResult.put(r, Counter.builder("dozvon.chain.steps") // dozvon_chain_steps_total
                .description("Chain steps by how they ended").tag("result", r).register(registry)));
        AGENT_STATES.forEach(s -> {
            AtomicLong holder = new AtomicLong();
            agentsByState.put(s, holder);
            Gauge.builder("dozvon.agents", holder, AtomicLong::get) // dozvon_agents{state}
                    .description("Agents by presence state").tag("state", s).register(registry);
        });
        Gauge.builder("dozvon.calls.active", callsActive, AtomicLong::get) // dozvon_calls_active
                .description("Calls in progress on this replica").register(registry);
        // exported from the start (0 until the SIP edge is wired), like every other gauge
        Gauge.builder("dozvon.claims.pending", () -> claimsPending.getAsInt()) // dozvon_claims_pending
                .description("Presence claims sent to Redis and not yet answered").register(registry);
        Gauge.builder("dozvon.sip.loop.lag", () -> loopLagNanos.getAsLong() / 1e9) // dozvon_sip_loop_lag_seconds
                .description("How far behind the SIP event loop ran lately: its ticks late, or its UDP socket not "
                        + "emptied (the worst, decaying)")
                .baseUnit("seconds").register(registry);
        Gauge.builder("dozvon.sip.udp.backlog", () -> udpBacklogNanos.getAsLong() / 1e9) // dozvon_sip_udp_backlog_seconds
                .description("How long the SIP UDP socket has held datagrams the SIP loop has not read yet (0: it "
                        + "was emptied by the last read)")
                .baseUnit("seconds").register(registry);
        Gauge.builder("dozvon.ws.sessions", wsSessions, AtomicLong::get) // dozvon_ws_sessions
                .description("Open agent and wallboard WebSocket sessions").register(registry);
        Gauge.builder("dozvon.console.calls", () -> consoleCalls.getAsInt()) // dozvon_console_calls
                .description("Calls the agent consoles of this replica keep: in progress and recently ended")
                .register(registry);
        Gauge.builder("dozvon.cdr.spool.pending", spoolPending, AtomicLong::get) // dozvon_cdr_spool_pending
                .description("Call records waiting in the local spool for Postgres").register(registry);
        for (String channel : List.of("webhook", "email")) {
            for (String result : List.of("delivered", "retry", "failed")) {
                notifications.put(channel + ' ' + result, Counter.builder("dozvon.notifications") // dozvon_notifications_total{channel,result}
                        .description("Notification delivery tries by channel and result").tag("channel", channel)
                        .tag("result", result).register(registry));
            }
        }
        Gauge.builder("dozvon.notifications.pending", notificationsPending, AtomicLong::get) // dozvon_notifications_pending
                .description("Notification deliveries waiting in the Postgres outbox").register(registry);
        Gauge.builder("dozvon.notification.spool.pending", notificationSpoolPending, AtomicLong::get) // dozvon_notification_spool_pending
                .description("Notifications waiting in the local spool for Postgres").register(registry);
        callSetup = Timer.builder("dozvon.call.setup") // dozvon_call_setup_seconds
                .description("INVITE received to first leg INVITE sent")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        offerToScreen = Timer.builder("dozvon.ws.offer") // dozvon_ws_offer_seconds
                .description("Call arrival to its screen pop written to the agents' sockets on this replica")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        answerWait = Timer.builder("dozvon.answer.wait") // dozvon_answer_wait_seconds
                .description("Caller's wait until an agent answered")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofMinutes(5)).register(registry);
        for (String direction : List.of("in", "out")) {
            for (String method : SIP_METHODS) {
                sipMessages(direction, method);
            }
            sipMessages(direction, "other");
        }
        sipRetransmissions = Counter.builder("dozvon.sip.retransmissions") // dozvon_sip_retransmissions_total
                .description("SIP retransmissions sent or absorbed").register(registry);
        sipParseErrors = Counter.builder("dozvon.sip.parse.errors") // dozvon_sip_parse_errors_total
                .description("SIP messages that failed to parse").register(registry);
        sipForbidden = Counter.builder("dozvon.sip.forbidden") // dozvon_sip_forbidden_total
                .description("Requests refused with 403: source outside every trunk's allow list").register(registry);
        sipRateLimited = Counter.builder("dozvon.sip.rate.limited") // dozvon_sip_rate_limited_total
                .description("SIP packets dropped by the per-source rate limit").register(registry);
        callsOverload = Counter.builder("dozvon.calls.refused.overload") // dozvon_calls_refused_overload_total
                .description("INVITEs answered 503: the replica was draining, at sip.maxActiveCalls or "
                        + "sip.maxPendingClaims, or its SIP loop was behind by sip.maxLoopLagMillis")
                .register(registry);
        claimsTimedOut = Counter.builder("dozvon.claims.timed.out") // dozvon_claims_timed_out_total
                .description("Presence claims Redis did not answer within sip.claimTimeoutMillis: the chain went on "
                        + "as if nobody were free")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public void callEnded(String outcome) {
        Counter c = callsByOutcome.get(outcome);
        if (c != null) {
            c.increment();
        }
    }

    public void chainStepEnded(String result) {
        Counter c = stepsByResult.get(result);
        if (c != null) {
            c.increment();
        }
    }

    public void callSetup(Duration d) {
        callSetup.record(d);
    }

    public void answerWait(Duration d) {
        answerWait.record(d);
    }

    /** channel: {@code webhook} or {@code email}; result: {@code delivered}, {@code retry} or {@code failed}. */
    public void notification(String channel, String result) {
        Counter c = notifications.get(channel + ' ' + result);
        if (c != null) {
            c.increment();
        }
    }

    public AtomicLong notificationsPending() {
        return notificationsPending;
    }

    public AtomicLong notificationSpoolPending() {
        return notificationSpoolPending;
    }

    /**
     * The SIP edge's admission signals, which new INVITEs are refused (503) on: presence claims waiting for
     * Redis ({@code sip.maxPendingClaims}) and how late the SIP loop runs ({@code sip.maxLoopLagMillis}).
     */
    public void admission(java.util.function.IntSupplier claimsPending,
                          java.util.function.LongSupplier loopLagNanos,
                          java.util.function.LongSupplier udpBacklogNanos) {
        this.claimsPending = claimsPending;
        this.loopLagNanos = loopLagNanos;
        this.udpBacklogNanos = udpBacklogNanos;
    }

    public void consoleCalls(java.util.function.IntSupplier known) {
        this.consoleCalls = known;
    }

    public AtomicLong callsActive() {
        return callsActive;
    }

    /** Records arrival → screen pop sent, once per call and replica. */
    public void offerToScreen(Duration latency) {
        offerToScreen.record(latency);
    }

    public AtomicLong wsSessions() {
        return wsSessions;
    }

    public AtomicLong spoolPending() {
        return spoolPending;
    }

    /** Sets the gauge of agents per state to a fresh count (states absent from the map become 0). */
    public void agentStates(Map<String, Long> counts) {
        agentsByState.forEach((state, holder) -> holder.set(counts.getOrDefault(state, 0L)));
    }

    /**
     * direction: {@code in} or {@code out}; method: a request method, or {@code response}. Methods outside
     * the known set count as {@code other}: a scanner must not be able to blow up the series count.
     */
    public void sipMessage(String direction, String method) {
        sipMessages(direction, SIP_METHODS.contains(method) ? method : "other").increment();
    }

    private Counter sipMessages(String direction, String method) {
        return sipMessages.computeIfAbsent(direction, k -> new ConcurrentHashMap<>()).computeIfAbsent(method, k ->
                Counter.builder("dozvon.sip.messages") // dozvon_sip_messages_total{direction,method}
                        .description("SIP messages sent and received").tag("direction", direction).tag("method", method)
                        .register(registry));
    }

    public void sipRetransmission() {
        sipRetransmissions.increment();
    }

    public void sipParseError() {
        sipParseErrors.increment();
    }

    public void sipForbidden() {
        sipForbidden.increment();
    }

    public void sipRateLimited() {
        sipRateLimited.increment();
    }

    public void callsRefusedOverload() {
        callsOverload.increment();
    }

    public void claimTimedOut() {
        claimsTimedOut.increment();
    }

    /**
     * {@code dozvon_callback_attempts_total{result}}: the auto-dialer's attempts by how they ended ({@code answered},
     * {@code customer_unreached}, {@code agent_unreached}, {@code no_agent}).
     */
    public void callbackAttempt(String result) {
        callbackAttempts.computeIfAbsent(result, r -> Counter.builder("dozvon.callback.attempts")
                .tag("result", r).register(registry)).increment();
    }
}
