package dozvon.store.pg;

import dozvon.core.notify.Channel;
import dozvon.core.notify.DeliveryChannel;
import dozvon.core.notify.OutboxDelivery;
import dozvon.core.notify.RetrySchedule;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * Sends what the outbox holds when it is due: claims a batch under a lease, sends each delivery through its
 * channel, and records delivered, the next try (see {@link RetrySchedule}) or failed. Runs on an event loop with
 * async SQL; rounds never overlap. Each replica runs one; the lease and SKIP LOCKED keep them from sending the
 * same delivery twice. A crash between a receiver's 2xx and the row's update sends it again after the lease,
 * which is why webhooks carry the delivery key for receivers to drop duplicates.
 */
public final class OutboxWorker {

    private static final Logger log = LoggerFactory.getLogger(OutboxWorker.class);

    /** What the worker tells the metrics: a delivery's channel and {@code delivered}, {@code retry} or {@code failed}. */
    @FunctionalInterface
    public interface Results {
        void count(String channel, String result);
    }

    /**
     * @param pollEvery  how often it looks for due deliveries
     * @param lease      how long a claimed delivery is kept from other replicas; longer than {@code sendTimeout}
     * @param batchSize  deliveries claimed per round
     */
    public record Settings(Duration pollEvery, Duration lease, Duration sendTimeout, int batchSize) {
        public Settings {
            if (lease.compareTo(sendTimeout) <= 0) {
                throw new IllegalArgumentException("the lease must outlast a send, or another replica sends it too");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofSeconds(30), 50);
        }

        /** The defaults with sends bounded by {@code sendTimeout} and a lease that outlasts it. */
        public static Settings forSendTimeout(Duration sendTimeout) {
            Settings d = defaults();
            Duration lease = sendTimeout.multipliedBy(2).compareTo(d.lease()) > 0 ? sendTimeout.multipliedBy(2) : d.lease();
            return new Settings(d.pollEvery(), lease, sendTimeout, d.batchSize());
        }
    }

    private final Vertx vertx;
    private final PgNotificationOutbox outbox;
    private final Map<Channel, DeliveryChannel> channels;
    private final RetrySchedule schedule;
    private final Clock clock;
    private final DoubleSupplier random;
    private final Settings settings;
    private final Results results;
    private final AtomicLong pendingGauge;
    private long timerId = -1;
    private boolean running;
    /** The round under way, so a stop can wait for its bookkeeping before the pool closes. */
    private Future<Integer> current = Future.succeededFuture(0);
    private static final Duration MAX_IDLE = Duration.ofSeconds(30);
    /** The wait before the next round: the poll interval, longer while rounds fail. */
    private Duration idle;

    public OutboxWorker(Vertx vertx, PgNotificationOutbox outbox, Map<Channel, DeliveryChannel> channels,
                        RetrySchedule schedule, Clock clock, DoubleSupplier random, Settings settings, Results results,
                        AtomicLong pendingGauge) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.channels = Map.copyOf(channels);
        this.schedule = schedule;
        this.clock = clock;
        this.random = random;
        this.settings = settings;
        this.results = results;
        this.pendingGauge = pendingGauge;
        this.idle = settings.pollEvery();
    }

    public synchronized void start() {
        if (!running) {
            running = true;
            schedule(1);
        }
    }

    /**
     * No new rounds; completes once the round under way has recorded its results (a send cut short by a closing
     * pool would otherwise be sent again by the next replica after its lease).
     */
    public synchronized Future<Void> stop() {
        running = false;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
        return current.<Void>mapEmpty().otherwiseEmpty();
    }

    private synchronized void schedule(long millis) {
        if (running) {
            timerId = vertx.setTimer(Math.max(1, millis), id -> round());
        }
    }

    private void round() {
        Future<Integer> r = runOnce();
        synchronized (this) {
            current = r;
        }
        r
                .compose(claimed -> outbox.countPending().map(p -> {
                    pendingGauge.set(p);
                    return claimed;
                }))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        // Postgres away: back off (doubling to MAX_IDLE) rather than log and query every second
                        idle = idle.multipliedBy(2).compareTo(MAX_IDLE) > 0 ? MAX_IDLE : idle.multipliedBy(2);
                        log.warn("event=outbox_round_failed retry_ms={} error=\"{}\"", idle.toMillis(),
                                ar.cause().toString());
                        schedule(idle.toMillis());
                        return;
                    }
                    idle = settings.pollEvery();
                    // a full batch means more may be due already
                    schedule(ar.result() >= settings.batchSize() ? 1 : settings.pollEvery().toMillis());
                });
    }

    /**
     * One round: claims what is due now and sends it, all of it finished (recorded) when the future completes.
     *
     * @return how many deliveries were tried
     */
    public Future<Integer> runOnce() {
        Instant now = clock.instant();
        return outbox.claimDue(now, now.plus(settings.lease()), settings.batchSize())
                .compose(batch -> {
                    List<Future<Void>> sends = new ArrayList<>();
                    for (OutboxDelivery d : batch) {
                        sends.add(deliver(d));
                    }
                    return Future.join(sends).map(all -> batch.size());
                });
    }

    private Future<Void> deliver(OutboxDelivery d) {
        DeliveryChannel channel = channels.get(d.target().channel());
        Future<Void> sent;
        if (channel == null) {
            sent = Future.failedFuture("channel " + d.target().channel().wire() + " is not configured");
        } else {
            try {
                sent = Future.fromCompletionStage(channel.send(d), vertx.getOrCreateContext())
                        .timeout(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException e) {
                sent = Future.failedFuture(e);
            }
        }
        String wire = d.target().channel().wire();
        return sent.transform(ar -> {
            Instant now = clock.instant();
            if (ar.succeeded()) {
                results.count(wire, "delivered");
                log.info("event=notification_delivered key={} channel={} attempt={}", d.notification().idempotencyKey(),
                        wire, d.attempt());
                return outbox.delivered(d.id(), now);
            }
            String error = String.valueOf(ar.cause().getMessage());
            if (schedule.exhausted(d.attempt())) {
                results.count(wire, "failed");
                log.error("event=notification_failed key={} channel={} target=\"{}\" attempts={} error=\"{}\"",
                        d.notification().idempotencyKey(), wire, redact(d.target().target()), d.attempt(), error);
                return outbox.failed(d.id(), error);
            }
            Duration wait = schedule.delayAfter(d.attempt(), random);
            results.count(wire, "retry");
            log.warn("event=notification_retry key={} channel={} attempt={} retry_in_ms={} error=\"{}\"",
                    d.notification().idempotencyKey(), wire, d.attempt(), wait.toMillis(), error);
            return outbox.retryAt(d.id(), now.plus(wait), error);
        }).recover(e -> {
            // the row keeps its lease and comes back once it runs out
            log.warn("event=notification_state_not_saved id={} error=\"{}\"", d.id(), e.toString());
            return Future.succeededFuture();
        });
    }

    /** Webhook URLs may carry credentials in their user info. */
    private static String redact(String target) {
        return target.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }
}
