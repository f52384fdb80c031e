package dozvon.store.pg;

import dozvon.core.notify.DeliveryTarget;
import dozvon.core.notify.Events;
import dozvon.core.notify.NotificationRouting;
import dozvon.core.port.Notification;
import dozvon.core.port.Notifier;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The {@link Notifier} over the Postgres outbox: a notification is durable once its row is in (deliveries for
 * each target routed at that moment) or, while Postgres is down, once it is fsync'd in the
 * {@link NotificationSpool}; a timer replays the spool every {@code every}, backing off to {@code maxBackoff}
 * while the database stays away.
 */
public final class PgNotifier implements Notifier {

    private static final Logger log = LoggerFactory.getLogger(PgNotifier.class);

    private final PgNotificationOutbox outbox;
    private final NotificationSpool spool;
    private final NotificationRouting routing;
    private final Clock clock;
    private final SpoolReplayer replayer;

    public PgNotifier(Vertx vertx, PgNotificationOutbox outbox, NotificationSpool spool, NotificationRouting routing,
                      Clock clock, Duration every, Duration maxBackoff) {
        this.outbox = outbox;
        this.spool = spool;
        this.routing = routing;
        this.clock = clock;
        this.replayer = new SpoolReplayer(vertx, "notifications", new SpoolReplayer.Drainable() {
            @Override
            public long pending() {
                return spool.pending();
            }

            @Override
            public Future<Integer> replayOnce() {
                return spool.replay(PgNotifier.this::enqueue);
            }
        }, every, maxBackoff);
    }

    @Override
    public CompletionStage<Void> notify(Notification n) {
        return enqueue(n).recover(e -> {
            if (!PgFailures.isTransient(e)) {
                log.error("event=notification_refused key={} error=\"{}\"", n.idempotencyKey(), e.toString());
                return Future.failedFuture(e);
            }
            log.warn("event=notification_spooled key={} error=\"{}\"", n.idempotencyKey(), e.toString());
            return spool.append(n);
        }).onFailure(e -> log.error("event=notification_lost key={} error=\"{}\"", n.idempotencyKey(), e.toString()))
                .toCompletionStage();
    }

    /**
     * Straight into Postgres; what the spool replays through. A notification nobody is to be told is not stored
     * (every answered call would cost an insert for nothing), except missed calls, which the hourly digest and
     * the outbox's history read.
     */
    public Future<Void> enqueue(Notification n) {
        try {
            List<DeliveryTarget> targets = routing.targets(n);
            if (targets.isEmpty() && !n.event().equals(Events.CALL_MISSED)) {
                return Future.succeededFuture();
            }
            return outbox.enqueue(n, targets, clock.instant());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** Starts replaying the spool (at once, for what an earlier run left). */
    public void start() {
        replayer.start();
    }

    public void stop() {
        replayer.stop();
    }
}
