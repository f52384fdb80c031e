package dozvon.edge.sip.transaction;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Objects;

/**
 * {@link TimerScheduler} over {@code vertx.setTimer}. When called from an event-loop context, Vert.x
 * runs the timer on that same context, which is what keeps each transaction single-threaded.
 */
public final class VertxTimerScheduler implements TimerScheduler {
    private final Vertx vertx;

    public VertxTimerScheduler(Vertx vertx) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        // Vert.x rejects delays below 1 ms; the state machines fire zero-length timers themselves.
        long millis = Math.max(1, delay.toMillis());
        long id = vertx.setTimer(millis, ignored -> task.run());
        return () -> vertx.cancelTimer(id);
    }
}
