package dozvon.store.redis;

import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Periodically settles lapsed holds so consoles and metrics see them: expired wrap-up becomes available,
 * claims of dead replicas are freed. Claims do the same lazily, so this is only about what others see. Each
 * run hands the fresh snapshot to a listener (e.g. the {@code dozvon_agents{state}} gauge).
 */
public final class PresenceSweep {

    private static final Logger log = LoggerFactory.getLogger(PresenceSweep.class);

    private final Vertx vertx;
    private final RedisPresenceStore store;
    private final Duration every;
    private final Consumer<PresenceSnapshot> listener;
    private long timerId = -1;

    public PresenceSweep(Vertx vertx, RedisPresenceStore store, Duration every, Consumer<PresenceSnapshot> listener) {
        this.vertx = vertx;
        this.store = store;
        this.every = every;
        this.listener = listener;
    }

    public synchronized void start() {
        if (timerId < 0) {
            timerId = vertx.setPeriodic(every.toMillis(), id -> store.snapshot()
                    .onSuccess(listener::accept)
                    .onFailure(e -> log.warn("presence sweep failed: {}", e.getMessage())));
        }
    }

    public synchronized void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }
}
