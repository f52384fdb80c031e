package dozvon.store.pg;

import dozvon.core.notify.MissedCallDigest;
import dozvon.core.port.Notifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Once each clock hour has passed, queues a {@link MissedCallDigest} per group that missed calls in it (read from
 * the outbox's own {@code call.missed} rows). Checks every {@code every}; a replica that restarts or a second
 * replica doing the same only queues digests the outbox already holds, which it drops.
 */
public final class MissedCallDigestJob {

    private static final Logger log = LoggerFactory.getLogger(MissedCallDigestJob.class);

    private final Vertx vertx;
    private final PgNotificationOutbox outbox;
    private final Notifier notifier;
    private final Clock clock;
    private final Duration every;
    private Instant lastDone;
    private long timerId = -1;
    private boolean running;

    public MissedCallDigestJob(Vertx vertx, PgNotificationOutbox outbox, Notifier notifier, Clock clock, Duration every) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.notifier = notifier;
        this.clock = clock;
        this.every = every;
    }

    public synchronized void start() {
        if (!running) {
            running = true;
            timerId = vertx.setPeriodic(1, every.toMillis(), id -> runOnce()
                    .onFailure(e -> log.warn("event=digest_failed error=\"{}\"", e.toString())));
        }
    }

    public synchronized void stop() {
        running = false;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    /** @return how many digests were queued (0 when the last hour was done already or nobody missed a call) */
    public Future<Integer> runOnce() {
        Instant hour = MissedCallDigest.lastCompleteHour(clock.instant());
        synchronized (this) {
            if (hour.equals(lastDone)) {
                return Future.succeededFuture(0);
            }
        }
        return outbox.missedCalls(hour, hour.plus(Duration.ofHours(1)), MissedCallDigest.MAX_LISTED)
                .compose(byGroup -> {
                    List<Future<Void>> queued = new ArrayList<>();
                    for (Map.Entry<String, PgNotificationOutbox.GroupMissed> g : byGroup.entrySet()) {
                        queued.add(Future.fromCompletionStage(notifier.notify(MissedCallDigest.of(g.getKey(), hour,
                                g.getValue().calls(), g.getValue().total()))));
                    }
                    return Future.all(queued).map(all -> queued.size());
                })
                .onSuccess(n -> {
                    synchronized (this) {
                        lastDone = hour;
                    }
                    if (n > 0) {
                        log.info("event=digest_queued hour={} groups={}", hour, n);
                    }
                });
    }
}
