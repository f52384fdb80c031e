package dozvon.edge.sip.b2bua;

import dozvon.core.chain.CallCommand;
import dozvon.core.chain.CallEvent;
import dozvon.core.chain.CallMachine;
import dozvon.core.chain.CallState;
import dozvon.core.chain.ConsoleEvent;
import dozvon.core.chain.GroupRoute;
import dozvon.core.chain.InboundCall;
import dozvon.core.customer.CallerCard;
import dozvon.core.port.CallIntercept;
import dozvon.core.port.CallerCards;
import dozvon.core.port.TrackingSessions;
import dozvon.core.port.CallRecords;
import dozvon.core.port.PresenceStore;
import dozvon.core.port.Registrations;
import dozvon.core.tracking.Blacklist;
import dozvon.core.tracking.NumberPlan;
import dozvon.edge.sip.InboundCalls;
import dozvon.edge.sip.core.RequestScreen;
import dozvon.edge.sip.core.Tags;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.Via;
import dozvon.edge.sip.transaction.ClientTransactionUser;
import dozvon.edge.sip.transaction.Destination;
import dozvon.edge.sip.transaction.InviteServerTransaction;
import dozvon.edge.sip.transaction.ServerTransaction;
import dozvon.edge.sip.transaction.TransactionLayer;
import dozvon.edge.sip.trunk.TrunkAccess;
import io.vertx.core.internal.ContextInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The back-to-back user agent (implements the SIP side of {@code CallControl}): turns an INVITE from a trunk
 * into a call, runs the group's forwarding chain through {@link CallMachine}, and keeps the caller's dialog
 * and the legs' dialogs apart, bridging only signalling (media flows between the PBX and the phones).
 * Single-threaded on the SIP event loop.
 */
public final class B2bua implements InboundCalls, CallIntercept {

    private static final Logger log = LoggerFactory.getLogger(B2bua.class);

    /** For requests whose answers change nothing (CANCEL, BYE). */
    static final ClientTransactionUser IGNORE_RESPONSES = new ClientTransactionUser() {
        @Override
        public void onProvisional(SipResponse response) {
        }

        @Override
        public void onFinal(SipResponse response) {
        }

        @Override
        public void onTimeout() {
        }

        @Override
        public void onTransportError() {
        }
    };

    /** What the B2BUA reports for the contract's metrics. */
    public interface Observer {
        void callSetup(Duration inviteToFirstLeg);

        void answerWait(Duration wait);

        void callEnded(CallCommand.Record record);

        void activeCalls(int count);

        /** A presence claim was given up after {@code sip.claimTimeoutMillis}. */
        void claimTimedOut();
    }

    private final ContextInternal context;
    private final SipLoop sipLoop;
    private final TransactionLayer layer;
    private final B2buaSettings settings;
    private final NumberPlan numbers;
    private volatile Supplier<Blacklist> blacklist;
    /** Null until wired: calls then start at once with the number's own attribution and no caller card. */
    private volatile ArrivalLookup arrivals;
    private final Map<String, GroupRoute> routes;
    private final PresenceStore presence;
    private final Registrations registrations;
    private final CallRecords records;
    private final Consumer<ConsoleEvent> consoles;
    private final Observer observer;
    private final Clock clock;
    private final CallMachine machine = new CallMachine();

    /** By SIP Call-ID: the caller's dialog and every leg's dialog of live calls. */
    private final Map<String, CallSession> bySipCallId = new HashMap<>();
    /**
     * The caller's Call-IDs of calls that ended less than 32 s ago: a BYE crossing ours, or retransmitted, still
     * gets 200 rather than 481. Only the Call-ID is kept, not the call.
     */
    private final Set<String> endedDialogs = new HashSet<>();
    /** By our call id: live calls, for takes from the screen pop. Touched on the SIP loop only. */
    private final Map<String, CallSession> byCallId = new ConcurrentHashMap<>();
    private int active;
    /** Claims sent to presence and not answered yet: the routing backlog. */
    /** Written on the SIP loop only; volatile for the gauge that reads it. */
    private volatile int pendingClaims;
    private int maxPendingClaims = Integer.MAX_VALUE;
    /** By our call id: who took it from the screen pop (from the machine's Taken), so a losing take says so. */
    private final Map<String, String> takenBy = new HashMap<>();

    public B2bua(ContextInternal context, TransactionLayer layer, B2buaSettings settings, NumberPlan numbers,
                 Blacklist blacklist, List<GroupRoute> routes, PresenceStore presence, Registrations registrations,
                 CallRecords records, Consumer<ConsoleEvent> consoles, Observer observer, Clock clock) {
        this.context = context;
        this.sipLoop = new SipLoop(context, settings, layer.scheduler());
        this.layer = layer;
        this.settings = settings;
        this.numbers = numbers;
        this.blacklist = () -> blacklist;
        this.routes = new HashMap<>();
        routes.forEach(r -> this.routes.put(r.groupId(), r));
        this.presence = presence;
        this.registrations = registrations;
        this.records = records;
        this.consoles = consoles;
        this.observer = observer;
        this.clock = clock;
    }

    // -------------------------------------------------------------------------------------- InboundCalls

    @Override
    public void onInvite(InviteServerTransaction invite, TrunkAccess.Trunk trunk) {
        SipRequest req = invite.request();
        String callId = newCallId();
        String dialed = SipAddressing.userOf(req.requestUri());
        String caller = req.from() == null ? "" : SipAddressing.userOf(req.from().uri());
        String display = req.from() == null ? null : req.from().displayName();
        var receivedAt = clock.instant();
        Optional<NumberPlan.Entry> number = numbers.lookup(dialed);
        GroupRoute route = number.map(n -> routes.get(n.groupId())).orElse(null);
        Optional<String> blockedBy = route == null ? Optional.empty() : blacklist.get().match(caller);
        CallSession session;
        if (route == null) {
            session = admit(invite, callId, InboundCall.refusedAtEdge(callId, caller, dialed, null), null, display,
                    receivedAt, trunk);
            session.apply(new CallEvent.Refused(404, "unknown number", receivedAt));
        } else if (blockedBy.isPresent()) {
            session = admit(invite, callId, InboundCall.refusedAtEdge(callId, caller, dialed, route.groupId(),
                    number.get().attribution()), route.groupId(), display, receivedAt, trunk);
            session.apply(new CallEvent.Refused(603, "blacklisted " + blockedBy.get(), receivedAt));
        } else {
            // The session exists at once (a CANCEL during the lookup finds it and waits in its inbox), but the
            // machine starts only when the caller card is known or given up on.
            session = admit(invite, callId, null, route.groupId(), display, receivedAt, trunk);
            CallSession s = session;
            ArrivalLookup lookup = arrivals;
            Consumer<ArrivalLookup.Arrival> start = arrival -> s.begin(CallMachine.newCall(
                    new InboundCall(callId, caller, dialed, route.groupId(), route.chain(), route.offHoursChain(),
                            lookup == null ? null : lookup.personalManagerIn(arrival, route.groupId()),
                            route.headMobile(), route.hours().isOpen(receivedAt),
                            arrival.tracking(), arrival.card())),
                    new CallEvent.Offered(receivedAt));
            if (lookup == null) {
                start.accept(new ArrivalLookup.Arrival(CallerCard.UNKNOWN, number.get().attribution()));
            } else {
                lookup.lookup(sipLoop, callId, caller, number.get(), receivedAt, start);
            }
        }
    }

    /** Registers the call's session; {@code call} null = its machine starts later ({@link CallSession#begin}). */
    private CallSession admit(InviteServerTransaction invite, String callId, InboundCall call, String groupId,
                              String display, Instant receivedAt, TrunkAccess.Trunk trunk) {
        SipRequest req = invite.request();
        String caller = req.from() == null ? "" : SipAddressing.userOf(req.from().uri());
        CallSession session = new CallSession(this, callId, invite, call == null ? null : CallMachine.newCall(call),
                caller, display, receivedAt);
        bySipCallId.put(req.callId(), session);
        byCallId.put(session.callId, session);
        active++;
        observer.activeCalls(active);
        log.info("event=call_offered callId={} sipCallId={} caller={} dialed={} group={} trunk={}", session.callId,
                req.callId(), caller, SipAddressing.userOf(req.requestUri()), groupId, trunk.name());
        return session;
    }

    @Override
    public void onCancel(InviteServerTransaction invite) {
        CallSession s = bySipCallId.get(invite.callId());
        if (s != null) {
            s.onCallerCancel();
        } else {
            invite.respond(SipResponse.forRequest(invite.request(), 487, "Request Terminated").withToTag(Tags.newTag()));
        }
    }

    @Override
    public boolean onInDialog(ServerTransaction request) {
        String sipCallId = request.request().callId();
        CallSession s = bySipCallId.get(sipCallId);
        if (s != null) {
            s.onInDialog(request, sipCallId);
            return true;
        }
        if (endedDialogs.contains(sipCallId)) {
            SipRequest req = request.request();
            request.respond(req.isMethod("BYE") ? RequestScreen.respond(req, 200, "OK")
                    : RequestScreen.respond(req, 481, "Call/Transaction Does Not Exist"));
            return true;
        }
        return false;
    }

    @Override
    public void onAck(SipRequest ack, Destination source) {
        CallSession s = bySipCallId.get(ack.callId());
        if (s != null && ack.callId().equals(s.inboundCallId())) {
            s.onCallerAck();
        }
        // ACKs for relayed re-INVITE answers need nothing more: we ACKed the other side ourselves.
    }

    @Override
    public int active() {
        return active;
    }

    /** Patterns may change while running (the blacklist API): each call reads the current set, in memory. */
    public void setBlacklist(Supplier<Blacklist> current) {
        this.blacklist = current;
    }

    /**
     * Caller cards and visitor sessions, looked up once per call before its chain starts, for at most
     * {@code timeout}; {@code sessions} may be null when no number pool is configured.
     */
    public void setArrivalLookup(CallerCards cards, TrackingSessions sessions, Duration timeout, int historySize,
                                 Map<String, String> agentGroups, Runnable late) {
        this.arrivals = new ArrivalLookup(cards, sessions, timeout, historySize, agentGroups, late);
    }

    /**
     * Past this many unanswered claims, new calls are refused (503) rather than queued behind them: a backlog
     * of claims is exactly what makes managers ring late.
     */
    public void setMaxPendingClaims(int max) {
        this.maxPendingClaims = max;
    }

    @Override
    public boolean overloaded() {
        return pendingClaims > maxPendingClaims;
    }

    /** Claims sent and not yet answered (read by the metrics from any thread). */
    public int pendingClaims() {
        return pendingClaims;
    }

    void claimSent() {
        pendingClaims++;
    }

    void claimAnswered() {
        pendingClaims--;
    }

    void claimTimedOut() {
        observer.claimTimedOut();
    }

    // ------------------------------------------------------------------------------ CallIntercept

    @Override
    public boolean owns(String callId) {
        return byCallId.containsKey(callId);
    }

    @Override
    public CompletionStage<Boolean> take(String callId, String agentId) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        sipLoop.onLoop(() -> {
            CallSession s = byCallId.get(callId);
            if (s == null || s.finished()) {
                result.complete(false);
                return;
            }
            presence.claimForTake(callId, agentId).whenComplete((claimed, err) -> sipLoop.onLoop(() -> {
                if (err != null || claimed == null || claimed.isEmpty() || s.finished()) {
                    result.complete(false);
                    return;
                }
                s.apply(new CallEvent.AgentTook(agentId, claimed.get().contact(), clock.instant()));
                // Two agents can both be claimed (different agents); the machine lets only the first take win.
                boolean won = agentId.equals(takenBy.get(callId));
                log.info("event={} callId={} agent={}", won ? "call_taken" : "take_lost", callId, agentId);
                result.complete(won);
            }));
        });
        return result;
    }

    // ------------------------------------------------------------------------------ for the sessions

    CallMachine machine() {
        return machine;
    }

    TransactionLayer layer() {
        return layer;
    }

    B2buaSettings settings() {
        return settings;
    }

    PresenceStore presence() {
        return presence;
    }

    Registrations registrations() {
        return registrations;
    }

    Clock clock() {
        return clock;
    }

    SipLoop sipLoop() {
        return sipLoop;
    }

    void indexLeg(String sipCallId, CallSession s) {
        bySipCallId.put(sipCallId, s);
    }

    void forgetDialog(String sipCallId) {
        bySipCallId.remove(sipCallId);
    }

    void forget(CallSession s, List<String> legCallIds) {
        legCallIds.forEach(bySipCallId::remove);
        String inbound = s.inboundCallId();
        bySipCallId.remove(inbound, s);
        endedDialogs.add(inbound);
        sipLoop.afterAWhile(Duration.ofSeconds(32), () -> endedDialogs.remove(inbound));
        byCallId.remove(s.callId, s);
        takenBy.remove(s.callId);
        active--;
        observer.activeCalls(active);
    }

    void setupTime(Duration d) {
        observer.callSetup(d);
    }

    void answerWait(Duration d) {
        observer.answerWait(d);
    }

    void recordEnded(CallCommand.Record record) {
        observer.callEnded(record);
        log.info("event=call_ended callId={} outcome={} legs={} wait_s={} talk_s={}", record.call().callId(),
                record.call().outcome(), record.legs().size(), record.call().waitSeconds(), record.call().talkSeconds());
        records.write(record).whenComplete((v, err) -> {
            if (err != null) {
                log.error("event=record_lost callId={} error=\"{}\"", record.call().callId(), err.toString());
            }
        });
    }

    void publish(ConsoleEvent event) {
        if (event instanceof ConsoleEvent.Taken t) {
            takenBy.put(t.callId(), t.agentId());
        }
        consoles.accept(event);
    }

    private static String newCallId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Long.toUnsignedString(System.currentTimeMillis(), 36) + "-" + Long.toUnsignedString(r.nextLong(), 36);
    }
}
