package dozvon.edge.sip.b2bua;

import dozvon.edge.sip.core.Tags;
import dozvon.edge.sip.message.Via;
import dozvon.edge.sip.transaction.Destination;
import dozvon.edge.sip.transaction.TimerScheduler;
import io.vertx.core.internal.ContextInternal;

import java.time.Duration;

/**
 * The SIP event loop as the call sessions see it (inbound calls and the auto-dialer alike): running on it, its
 * timers, and how this gateway names itself in the Via and Contact of what it sends.
 */
final class SipLoop implements ArrivalLookup.Loop {

    private final ContextInternal context;
    private final B2buaSettings settings;
    /** For what only has to happen some seconds later: see {@link #afterAWhile}. */
    private final TimerScheduler coarse;

    /** @param coarse the transaction layer's timers (see {@link #afterAWhile}) */
    SipLoop(ContextInternal context, B2buaSettings settings, TimerScheduler coarse) {
        this.context = context;
        this.settings = settings;
        this.coarse = coarse;
    }

    /** Runs on the SIP loop: store results come back through here before they touch a session. */
    @Override
    public void onLoop(Runnable r) {
        // the thread, not the Vert.x context: a Redis answer on the SIP loop's own connection arrives on this
        // thread under the connection's context, and needs no second trip through the loop's task queue
        if (context.nettyEventLoop().inEventLoop()) {
            r.run();
        } else {
            context.runOnContext(v -> r.run());
        }
    }

    /** Runs on the SIP loop after what runs now has finished. */
    void later(Runnable r) {
        context.runOnContext(v -> r.run());
    }

    @Override
    public long setTimer(Duration after, Runnable r) {
        return context.setTimer(Math.max(1, after.toMillis()), id -> r.run());
    }

    /**
     * Runs {@code r} on the SIP loop once {@code after} has passed, not cancellable: for clean-ups that outlive
     * a call (an ended dialog kept 32 s for a retransmitted BYE), one per call. They go on the transaction
     * layer's timers, whose long ones share 100 ms buckets (up to 100 ms late); as Vert.x timers each held a timer
     * id in a shared map and a task in the loop's timer heap.
     */
    void afterAWhile(Duration after, Runnable r) {
        coarse.schedule(after, r);
    }

    long setPeriodic(Duration every, Runnable r) {
        return context.setPeriodic(Math.max(1, every.toMillis()), id -> r.run());
    }

    @Override
    public void cancelTimer(long id) {
        context.owner().cancelTimer(id);
    }

    /** How long a presence claim is waited for before the chain goes on without it. */
    Duration claimTimeout() {
        return settings.claimTimeout();
    }

    Via via(Destination dest) {
        return Via.of(dest.transport().name(), settings.advertisedHost(), settings.port(), Tags.newBranch())
                .withParam("rport", null);
    }

    String contact(Destination dest) {
        return "<sip:dozvon@" + settings.advertisedHost() + ":" + settings.port()
                + (dest.isReliable() ? ";transport=tcp" : "") + ">";
    }
}
