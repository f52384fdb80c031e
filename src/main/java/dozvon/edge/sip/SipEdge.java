package dozvon.edge.sip;

import dozvon.edge.sip.codec.SipParser;
import dozvon.edge.sip.core.RequestScreen;
import dozvon.edge.sip.message.SipMessage;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.SipSyntaxException;
import dozvon.edge.sip.registrar.Registrar;
import dozvon.edge.sip.transaction.Destination;
import dozvon.edge.sip.transaction.InviteServerTransaction;
import dozvon.edge.sip.transaction.RequestHandler;
import dozvon.edge.sip.transaction.ServerTransaction;
import dozvon.edge.sip.transaction.TransactionLayer;
import dozvon.edge.sip.transaction.TransactionMetrics;
import dozvon.edge.sip.transaction.BucketedTimerScheduler;
import dozvon.edge.sip.transaction.TimerScheduler;
import dozvon.edge.sip.transport.SipTransport;
import dozvon.edge.sip.transport.SipTransportListener;
import dozvon.edge.sip.transport.SourceRateLimiter;
import dozvon.edge.sip.trunk.TrunkAccess;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.spi.VertxThreadFactory;
import io.netty.channel.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The SIP stack put together: transport → transaction layer → this request router → registrar or the
 * B2BUA ({@link InboundCalls}). All of it runs on one event loop thread of its own, shared with nothing else:
 * on a loop of Vert.x's pool it took turns with whatever else landed there (Postgres connections encoding call
 * records, JSON), and ring timers fired late by as much.
 *
 * <p>Routing of a new request: screening (RFC 3261 §8.2), REGISTER to the registrar, in-dialog requests to
 * the B2BUA, anything else only from a trunk's allowed addresses (403 otherwise), INVITE to the B2BUA
 * (503 with Retry-After while draining), CANCEL to the INVITE it cancels, the rest 481.
 */
public final class SipEdge implements RequestHandler, SipTransportListener {

    private static final Logger log = LoggerFactory.getLogger(SipEdge.class);

    /** Counters the edge reports; the app binds them to the contract's metrics. */
    public interface Counters {
        void message(String direction, String method);

        void parseError();

        void retransmission();

        void forbiddenSource();

        void rateLimited();

        /** An INVITE refused with 503: draining, or at the active-call limit. */
        void overloaded();
    }

    private final EventLoopGroup ownLoop;
    private final ContextInternal context;
    private final SipTransport transport;
    private final TransactionLayer layer;
    private final TrunkAccess trunks;
    private final Registrar registrar;
    private final Counters counters;
    private volatile InboundCalls calls;
    private volatile boolean accepting = true;
    private volatile int maxActiveCalls = Integer.MAX_VALUE;
    private volatile LoopLagWatch lagWatch = new LoopLagWatch(Long.MAX_VALUE);
    private long lastRefusalLog = System.nanoTime() - 1_000_000_000L;
    private java.util.concurrent.ScheduledFuture<?> lagProbe;

    public SipEdge(Vertx vertx, SipTransport.Settings settings, SourceRateLimiter limiter, TrunkAccess trunks,
                   Registrar registrar, InboundCalls calls, Counters counters) {
        VertxInternal vx = (VertxInternal) vertx;
        this.ownLoop = vx.transport().eventLoopGroup(io.vertx.core.spi.transport.Transport.IO_EVENT_LOOP_GROUP, 1,
                SipEdge::loopThread, 50);
        this.context = vx.contextBuilder().withEventLoop(ownLoop.next()).build();
        this.trunks = trunks;
        this.registrar = registrar;
        this.calls = calls;
        this.counters = counters;
        this.transport = new SipTransport(vx, context, settings, limiter, trunks::isTrunk, this);
        this.layer = TransactionLayer.builder(transport, transactionTimers(context), this)
                .metrics(new TransactionMetrics() {
                    @Override
                    public void retransmissionSent(SipMessage message) {
                        counters.retransmission();
                    }

                    @Override
                    public void retransmissionAbsorbed(SipMessage message) {
                        counters.retransmission();
                    }
                })
                .build();
    }

    /**
     * A daemon: a gateway that failed to start, and never closed its SIP stack, must still be able to exit.
     * The highest Java priority: it fires the ring timers, so on a busy host it should get a CPU before the rest
     * (as Asterisk's {@code -p} or FreeSWITCH's {@code -hp}). The JVM maps it to a nice value only when started
     * with {@code -XX:ThreadPriorityPolicy=1} by a user allowed to raise priority (root, CAP_SYS_NICE);
     * otherwise it is ignored.
     */
    private static Thread loopThread(Runnable r) {
        Thread t = VertxThreadFactory.INSTANCE.newVertxThread(r, "dozvon-sip-loop", false, 2, TimeUnit.SECONDS);
        t.setDaemon(true);
        t.setPriority(Thread.MAX_PRIORITY);
        return t;
    }

    /**
     * The transaction timers: from 5 s (Timer K, T4; every retransmission interval is below it, capped by T2 at
     * 4 s) in 100 ms buckets, the rest on the loop's own timer heap.
     */
    private static TimerScheduler transactionTimers(ContextInternal context) {
        return BucketedTimerScheduler.onEventLoop(context, Duration.ofSeconds(5));
    }

    public static SipParser defaultParser() {
        return new SipParser();
    }

    /** Binds UDP and TCP; completes with the port. */
    public Future<Integer> start() {
        return transport.bind().onSuccess(port -> startLagProbe());
    }

    private void startLagProbe() {
        long period = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);
        long[] last = {System.nanoTime()};
        lagProbe = context.nettyEventLoop().scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            long lateTick = Math.max(0, now - last[0] - period);
            last[0] = now;
            // a loop can run its timers on time while its UDP socket fills: both are how far behind it is
            long lag = Math.max(lateTick, transport.udpBacklogNanos());
            lagWatch.probe(lag);
        }, period, period, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** How far behind the SIP loop ran lately: its tick late or its socket not emptied (the worst, halving every tick). */
    public long loopLagNanos() {
        return lagWatch.recentNanos();
    }

    /** How long the UDP socket has held datagrams not read yet (0: the last read emptied it). */
    public long udpBacklogNanos() {
        return transport.udpBacklogNanos();
    }

    /**
     * New INVITEs are refused while the SIP loop runs this far behind ({@code sip.maxLoopLagMillis}) probe after
     * probe (see {@link LoopLagWatch}).
     */
    public void setMaxLoopLagMillis(long millis) {
        this.lagWatch = new LoopLagWatch(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private boolean loopLagging() {
        return lagWatch.behind();
    }

    /** Why a new INVITE gets 503 now, or null when it is welcome. */
    private String refusal() {
        if (!accepting) {
            return "draining";
        }
        if (calls.active() >= maxActiveCalls) {
            return "max_active_calls";
        }
        if (calls.overloaded()) {
            return "pending_claims";
        }
        return loopLagging() ? "loop_lag" : null;
    }

    /** At most one line a second: under overload every INVITE is refused, and the log must not add to it. */
    private void logRefusal(String reason) {
        long now = System.nanoTime();
        if (now - lastRefusalLog >= 1_000_000_000L) {
            lastRefusalLog = now;
            log.warn("event=invite_refused code=503 reason={} active={} loop_lag_ms={}", reason, calls.active(),
                    lagWatch.recentNanos() / 1_000_000);
        }
    }

    public int port() {
        return transport.port();
    }

    /** The event loop context the whole SIP stack runs on (the B2BUA schedules its timers here). */
    public ContextInternal context() {
        return context;
    }

    public TransactionLayer transactions() {
        return layer;
    }

    /** Swapped in by the app once the B2BUA exists; runs on the SIP loop from then on. */
    public void setInboundCalls(InboundCalls calls) {
        this.calls = calls;
    }

    /**
     * Past this many calls in progress, new INVITEs get 503 with Retry-After: a PBX then tries another replica
     * or later, instead of this one ringing everybody late.
     */
    public void setMaxActiveCalls(int max) {
        this.maxActiveCalls = max;
    }

    /** SIGTERM: no new calls (503 + Retry-After, so the PBX tries another replica); dialogs carry on. */
    public void stopAccepting() {
        accepting = false;
    }

    public Future<Void> close() {
        if (lagProbe != null) {
            lagProbe.cancel(false);
        }
        return transport.close();
    }

    /**
     * Ends the SIP loop's thread. Last of all, after Vert.x has closed: connections opened on this loop (the
     * SIP stack's Redis connection) are closed by Vert.x on it.
     */
    public void stopLoop() {
        ownLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ transport listener

    @Override
    public void onMessage(SipMessage message, Destination source) {
        counters.message("in", message instanceof SipRequest r ? r.method() : "response");
        layer.receive(message, source);
    }

    @Override
    public void onParseError(String why, Destination source) {
        counters.parseError();
        log.debug("event=sip_parse_error source={}:{} why=\"{}\"", source.host(), source.port(), why);
    }

    @Override
    public void onRateLimited(Destination source) {
        counters.rateLimited();
    }

    @Override
    public void onSent(SipMessage message) {
        counters.message("out", message instanceof SipRequest r ? r.method() : "response");
    }

    // ------------------------------------------------------------------ transaction user

    @Override
    public void onRequest(ServerTransaction tx) {
        SipRequest req = tx.request();
        Optional<SipResponse> screened = RequestScreen.screen(req);
        if (screened.isPresent()) {
            tx.respond(screened.get());
            return;
        }
        String method = req.method();
        if (method.equals("REGISTER")) {
            String from = tx.source().transport().name().toLowerCase() + ":" + tx.source().host() + ":" + tx.source().port();
            registrar.register(req, from).whenComplete((resp, err) -> context.runOnContext(v ->
                    tx.respond(resp != null ? resp : RequestScreen.respond(req, 500, "Server Internal Error"))));
            return;
        }
        if (hasToTag(req) && !method.equals("CANCEL")) {
            if (!calls.onInDialog(tx)) {
                tx.respond(RequestScreen.respond(req, 481, "Call/Transaction Does Not Exist"));
            }
            return;
        }
        Optional<TrunkAccess.Trunk> trunk = trunks.trunkFor(io.netty.util.NetUtil.createInetAddressFromIpAddressString(
                stripBrackets(tx.source().host())));
        if (trunk.isEmpty()) {
            counters.forbiddenSource();
            log.info("event=sip_forbidden_source source={} method={}", tx.source().host(), method);
            tx.respond(RequestScreen.respond(req, 403, "Forbidden"));
            return;
        }
        switch (method) {
            case "INVITE" -> {
                String refusal = refusal();
                if (refusal != null) {
                    counters.overloaded();
                    logRefusal(refusal);
                    tx.respond(RequestScreen.respond(req, 503, "Service Unavailable").withHeader("Retry-After", "5"));
                    return;
                }
                calls.onInvite((InviteServerTransaction) tx, trunk.get());
            }
            case "CANCEL" -> cancel(tx);
            default -> tx.respond(RequestScreen.respond(req, 481, "Call/Transaction Does Not Exist"));
        }
    }

    private void cancel(ServerTransaction cancelTx) {
        Optional<InviteServerTransaction> invite = layer.findCancelledInvite(cancelTx.request());
        if (invite.isEmpty()) {
            cancelTx.respond(RequestScreen.respond(cancelTx.request(), 481, "Call/Transaction Does Not Exist"));
            return;
        }
        // RFC 3261 §9.2: the CANCEL gets 200 (with the INVITE's To tag if it had one); the INVITE then gets 487.
        SipResponse ok = SipResponse.forRequest(cancelTx.request(), 200, "OK");
        Optional<String> tag = invite.get().lastResponseToTag();
        cancelTx.respond(tag.isPresent() ? ok.withToTag(tag.get()) : RequestScreen.respond(cancelTx.request(), 200, "OK"));
        // §9.2: once the INVITE has its final response, a CANCEL has no effect on it (the caller hangs up with BYE).
        if (invite.get().state() == InviteServerTransaction.State.PROCEEDING) {
            calls.onCancel(invite.get());
        }
    }

    @Override
    public void onAck(SipRequest ack, Destination source) {
        calls.onAck(ack, source);
    }

    @Override
    public void onStrayResponse(SipResponse response, Destination source) {
        calls.onStrayResponse(response, source);
    }

    private static boolean hasToTag(SipRequest req) {
        try {
            return req.to() != null && req.to().tag().isPresent();
        } catch (SipSyntaxException e) {
            return false;
        }
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }
}
