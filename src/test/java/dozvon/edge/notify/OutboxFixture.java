package dozvon.edge.notify;

import dozvon.core.notify.Channel;
import dozvon.core.notify.DeliveryChannel;
import dozvon.core.notify.NotificationRouting;
import dozvon.core.notify.RetrySchedule;
import dozvon.store.embedded.FreePort;
import dozvon.store.pg.NotificationSpool;
import dozvon.store.pg.OutboxWorker;
import dozvon.store.pg.PgDatabase;
import dozvon.store.pg.PgNotificationOutbox;
import dozvon.store.pg.PgNotifier;
import dozvon.testsupport.MutableClock;
import dozvon.testsupport.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox wired as the gateway wires it (notifier, worker, real channels) on a database of its own and a
 * virtual clock; tests drive the worker round by round with {@link #round}.
 */
final class OutboxFixture implements AutoCloseable {

    static final Instant T0 = Instant.parse("2027-03-01T10:00:00Z");

    final Vertx vertx = Vertx.vertx();
    final MutableClock clock = new MutableClock(T0);
    final String url = TestStores.newDatabase();
    final PgDatabase db = TestStores.migrated(vertx, url, 4);
    final Map<String, AtomicLong> results = new ConcurrentHashMap<>();
    final AtomicLong pendingGauge = new AtomicLong();
    private final NotificationSpool spool;
    private final List<PgDatabase> pools = new ArrayList<>();
    PgNotifier notifier;

    OutboxFixture() {
        spool = new NotificationSpool(vertx, TestStores.tempDir("dozvon-nspool"), new AtomicLong());
        get(spool.open());
    }

    void routing(NotificationRouting routing) {
        notifier = new PgNotifier(vertx, new PgNotificationOutbox(db.pool()), spool, routing, clock,
                Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    /** A worker as one replica runs it, over a connection pool of its own. */
    OutboxWorker worker(Map<Channel, DeliveryChannel> channels, RetrySchedule schedule) {
        PgDatabase own = PgDatabase.connect(vertx, url, 2);
        pools.add(own);
        return new OutboxWorker(vertx, new PgNotificationOutbox(own.pool()), channels, schedule, clock, () -> 1.0,
                new OutboxWorker.Settings(Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofSeconds(10), 50),
                (channel, result) -> results.computeIfAbsent(channel + " " + result, k -> new AtomicLong()).incrementAndGet(),
                pendingGauge);
    }

    int round(OutboxWorker worker) {
        return get(worker.runOnce());
    }

    long result(String channelAndResult) {
        AtomicLong n = results.get(channelAndResult);
        return n == null ? 0 : n.get();
    }

    static int freePort() {
        return FreePort.find();
    }

    List<String> rows(String sql) {
        try (Connection c = TestStores.jdbc(url); ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static <T> T get(Future<T> f) {
        return get(f.toCompletionStage());
    }

    static <T> T get(CompletionStage<T> f) {
        try {
            return f.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        get(spool.close());
        pools.forEach(PgDatabase::close);
        db.close();
        vertx.close().await();
    }
}
