package dozvon.edge.sip.b2bua;

import dozvon.core.callback.CallbackBook;
import dozvon.core.callback.CallbackSchedule.AttemptResult;
import dozvon.core.callback.CallbackTask;
import dozvon.core.chain.CallCommand;
import dozvon.core.port.CallRecords;
import dozvon.core.port.CallbackTasks;
import dozvon.core.port.PersonalManagers;
import dozvon.core.port.PresenceStore;
import dozvon.core.port.Registrations;
import dozvon.edge.sip.InboundCalls;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.Via;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The auto-dialer of one replica: every {@code callbacks.pollSeconds} it leases due callback tasks (replicas
 * never get the same task: the store hands each out once, under a lease) and runs one {@link CallbackSession}
 * per task. What each attempt means for its task is decided in {@link CallbackBook}. Runs on the SIP loop.
 */
public final class CallbackDialer {

    private static final Logger log = LoggerFactory.getLogger(CallbackDialer.class);

    /** Tells an agent's console which task is ringing their phone ({@code callback.assigned}). */
    @FunctionalInterface
    public interface Assignments {
        void assigned(String agentId, CallbackTask task, int attempt);
    }

    private final ContextInternal context;
    private final SipLoop loop;
    private final TransactionLayer layer;
    private final B2buaSettings sip;
    private final DialerSettings settings;
    private final CallbackTasks tasks;
    private final CallbackBook book;
    private final PresenceStore presence;
    private final Registrations registrations;
    private final PersonalManagers managers;
    private final CallRecords records;
    private final Assignments assignments;
    private final Consumer<String> attemptCounter;
    private final Clock clock;

    /** By SIP Call-ID of either leg. */
    private final Map<String, CallbackSession> bySipCallId = new HashMap<>();
    /** By our call id; read by the drain from another thread. */
    private final Map<String, CallbackSession> sessions = new ConcurrentHashMap<>();
    private long pollTimer = -1;
    private boolean polling;
    private volatile boolean running;

    public CallbackDialer(ContextInternal context, TransactionLayer layer, B2buaSettings sip, DialerSettings settings,
                          CallbackTasks tasks, CallbackBook book, PresenceStore presence, Registrations registrations,
                          PersonalManagers managers, CallRecords records, Assignments assignments,
                          Consumer<String> attemptCounter, Clock clock) {
        this.context = context;
        this.loop = new SipLoop(context, sip, layer.scheduler());
        this.layer = layer;
        this.sip = sip;
        this.settings = settings;
        this.tasks = tasks;
        this.book = book;
        this.presence = presence;
        this.registrations = registrations;
        this.managers = managers;
        this.records = records;
        this.assignments = assignments;
        this.attemptCounter = attemptCounter;
        this.clock = clock;
    }

    public void start() {
        running = true;
        context.runOnContext(v -> schedulePoll(Duration.ZERO));
    }

    /** No new attempts; calls in progress go on (the drain waits for them through {@link #active()}). */
    public void stop() {
        running = false;
        context.runOnContext(v -> {
            if (pollTimer >= 0) {
                context.owner().cancelTimer(pollTimer);
                pollTimer = -1;
            }
        });
    }

    /** Attempts in progress on this replica (rings and connected calls). */
    public int active() {
        return sessions.size();
    }

    /** Whether this call id is an attempt in progress on this replica. Any thread. */
    public boolean owns(String callId) {
        return sessions.containsKey(callId);
    }

    /** Routes in-dialog requests of the dialer's calls here and everything else to the B2BUA. */
    public InboundCalls in(InboundCalls b2bua) {
        return new InboundCalls() {
            @Override
            public void onInvite(InviteServerTransaction invite, TrunkAccess.Trunk trunk) {
                b2bua.onInvite(invite, trunk);
            }

            @Override
            public void onCancel(InviteServerTransaction invite) {
                b2bua.onCancel(invite);
            }

            @Override
            public boolean onInDialog(ServerTransaction request) {
                CallbackSession s = bySipCallId.get(request.request().callId());
                if (s != null) {
                    s.onInDialog(request);
                    return true;
                }
                return b2bua.onInDialog(request);
            }

            @Override
            public void onAck(SipRequest ack, Destination source) {
                b2bua.onAck(ack, source);
            }

            @Override
            public void onStrayResponse(SipResponse response, Destination source) {
                b2bua.onStrayResponse(response, source);
            }

            @Override
            public boolean overloaded() {
                return b2bua.overloaded();
            }

            @Override
            public int active() {
                return b2bua.active() + sessions.size();
            }
        };
    }

    private void schedulePoll(Duration after) {
        if (!running) {
            return;
        }
        pollTimer = context.setTimer(Math.max(1, after.toMillis()), id -> {
            pollTimer = -1;
            poll();
        });
    }

    private void poll() {
        if (!running || polling) {
            return;
        }
        int room = settings.maxInFlight() - sessions.size();
        if (room <= 0) {
            schedulePoll(settings.poll());
            return;
        }
        polling = true;
        tasks.claimDue(now(), settings.lease(), settings.replicaId(), room).whenComplete((due, err) -> loop.onLoop(() -> {
            polling = false;
            if (err != null) {
                log.warn("event=callback_poll_failed error=\"{}\"", err.toString());
            } else {
                due.forEach(this::dial);
            }
            schedulePoll(settings.poll());
        }));
    }

    private void dial(CallbackTask task) {
        if (!running) {
            // leased but not dialed: give it straight back rather than leaving it until the lease ends
            book.attemptEnded(task, settings.replicaId(), Optional.empty(), AttemptResult.NO_AGENT);
            return;
        }
        if (!book.open(task.groupId())) {
            log.info("event=callback_deferred task={} group={} why=closed", task.id(), task.groupId());
            book.deferUntilOpen(task, settings.replicaId());
            return;
        }
        CallbackSession s = new CallbackSession(this, task, newCallId());
        sessions.put(s.callId, s);
        s.start();
    }

    // ------------------------------------------------------------------------------ for the sessions

    void ended(CallbackSession s, CallbackTask task, Optional<CallbackTasks.Attempt> attempt, AttemptResult result) {
        forget(s);
        attemptCounter.accept(attempt.map(CallbackTasks.Attempt::result).orElse("no_agent"));
        book.attemptEnded(task, settings.replicaId(), attempt, result).whenComplete((t, err) -> {
            if (err != null) {
                log.warn("event=callback_attempt_not_saved task={} error=\"{}\"", task.id(), err.toString());
            }
        });
    }

    void connected(CallbackSession s, CallbackTask task, CallbackTasks.Attempt attempt) {
        attemptCounter.accept(attempt.result());
        book.attemptEnded(task, settings.replicaId(), Optional.of(attempt), AttemptResult.CUSTOMER_ANSWERED)
                .whenComplete((t, err) -> {
                    if (err != null) {
                        log.warn("event=callback_attempt_not_saved task={} error=\"{}\"", task.id(), err.toString());
                    }
                });
    }

    void forget(CallbackSession s) {
        sessions.remove(s.callId, s);
        List<String> ids = s.sipCallIds();
        // Keep the dialogs a little longer: a retransmitted BYE still finds its session (and gets its 200).
        loop.afterAWhile(Duration.ofSeconds(32), () -> ids.forEach(id -> bySipCallId.remove(id, s)));
    }

    void index(String sipCallId, CallbackSession s) {
        bySipCallId.put(sipCallId, s);
    }

    void record(CallCommand.Record record) {
        log.info("event=call_ended callId={} direction=outbound outcome={} legs={}", record.call().callId(),
                record.call().outcome(), record.legs().size());
        records.write(record).whenComplete((v, err) -> {
            if (err != null) {
                log.error("event=record_lost callId={} error=\"{}\"", record.call().callId(), err.toString());
            }
        });
    }

    void assigned(String agentId, CallbackTask task, int attempt) {
        try {
            assignments.assigned(agentId, task, attempt);
        } catch (RuntimeException e) {
            log.warn("event=callback_assigned_not_told agent={} error=\"{}\"", agentId, e.toString());
        }
    }

    Instant now() {
        return clock.instant();
    }

    DialerSettings settings() {
        return settings;
    }

    B2buaSettings sip() {
        return sip;
    }

    TransactionLayer layer() {
        return layer;
    }

    PresenceStore presence() {
        return presence;
    }

    Registrations registrations() {
        return registrations;
    }

    PersonalManagers managers() {
        return managers;
    }

    SipLoop sipLoop() {
        return loop;
    }

    private static String newCallId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "cb-" + Long.toUnsignedString(System.currentTimeMillis(), 36) + "-"
                + Long.toUnsignedString(r.nextLong(), 36);
    }
}
