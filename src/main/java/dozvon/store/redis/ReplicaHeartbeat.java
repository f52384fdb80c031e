package dozvon.store.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Keeps {@code replica:<id>} alive with a TTL. Claims record the replica that made them; once this key is
 * gone (the replica died or lost Redis for longer than the TTL) the scripts treat its claims as free, so a
 * dead replica's agents come back without any per-call renewal.
 */
public final class ReplicaHeartbeat {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(ReplicaHeartbeat.class);

    private final Vertx vertx;
    private final RedisConnection redis;
    private final String replicaId;
    private final Duration ttl;
    private final Duration every;
    private long timerId = -1;

    public ReplicaHeartbeat(Vertx vertx, RedisConnection redis, String replicaId, Duration ttl, Duration every) {
        if (every.compareTo(ttl) >= 0) {
            throw new IllegalArgumentException("the heartbeat must beat more often than its TTL");
        }
        this.vertx = vertx;
        this.redis = redis;
        this.replicaId = replicaId;
        this.ttl = ttl;
        this.every = every;
    }

    public ReplicaHeartbeat(Vertx vertx, RedisConnection redis, String replicaId) {
        this(vertx, redis, replicaId, DEFAULT_TTL, DEFAULT_EVERY);
    }

    /** Beats once now (the returned future) and then periodically; a failed beat is logged and retried. */
    public synchronized Future<Void> start() {
        if (timerId < 0) {
            timerId = vertx.setPeriodic(every.toMillis(), id -> beat()
                    .onFailure(e -> log.warn("replica {} heartbeat failed: {}", replicaId, e.getMessage())));
        }
        return beat();
    }

    /** Stops beating and deletes the key, so this replica's remaining claims are free at once. */
    public synchronized Future<Void> stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        return redis.client().send(Request.cmd(Command.DEL).arg(key())).mapEmpty();
    }

    private Future<Void> beat() {
        return redis.client().send(Request.cmd(Command.SET).arg(key()).arg("1").arg("PX").arg(ttl.toMillis()))
                .mapEmpty();
    }

    private String key() {
        return redis.key("replica:" + replicaId);
    }
}
