package dozvon.edge.sip.transaction;

import java.time.Duration;

/**
 * One-shot timers for the transaction state machines. Production code uses
 * {@link EventLoopTimerScheduler}, with the long timers in {@link BucketedTimerScheduler}'s buckets; tests use a
 * virtual clock. Tasks must run on the same event loop as the
 * transaction layer (see the package documentation).
 */
public interface TimerScheduler {

    /** Runs {@code task} once after {@code delay}, unless cancelled first. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that may be cancelled; cancelling twice, or after it ran, does nothing. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
