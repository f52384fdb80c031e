package dozvon.edge.sip.transaction;

import java.time.Duration;

/**
 * One named timer of a state machine (Timer A, Timer B...). Starting it again replaces the pending
 * run. A zero delay runs the task at once: RFC 3261 gives reliable transports 0 s for Timers D, I, J
 * and K, meaning "leave the state now".
 */
final class TransactionTimer {
    private final String name;
    private final TimerScheduler scheduler;
    private TimerScheduler.Cancellable pending;

    TransactionTimer(String name, TimerScheduler scheduler) {
        this.name = name;
        this.scheduler = scheduler;
    }

    void start(Duration delay, Runnable task) {
        cancel();
        if (delay.isZero()) {
            task.run();
            return;
        }
        TimerScheduler.Cancellable[] self = new TimerScheduler.Cancellable[1];
        self[0] = scheduler.schedule(delay, () -> {
            if (pending == self[0]) {
                pending = null;
                task.run();
            }
        });
        pending = self[0];
    }

    void cancel() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    @Override
    public String toString() {
        return "Timer " + name + (pending != null ? " (running)" : "");
    }
}
