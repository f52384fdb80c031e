package dozvon.edge.sip.transaction;

import io.vertx.core.internal.ContextInternal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Transaction timers straight on the SIP event loop's Netty scheduler, run inside its Vert.x context.
 * Every UDP transaction arms two or three timers; this skips the bookkeeping a Vert.x timer carries
 * (a timer id in a shared map), which showed in profiles at a few thousand transactions a second.
 */
public final class EventLoopTimerScheduler implements TimerScheduler {

    private final ContextInternal context;

    public EventLoopTimerScheduler(ContextInternal context) {
        this.context = context;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = context.nettyEventLoop().schedule(
                () -> context.emit(v -> task.run()), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }
}
