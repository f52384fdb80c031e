package dozvon.store.pg;

import dozvon.core.notify.NotificationRouting;
import dozvon.core.notify.OutboxDelivery;
import dozvon.core.port.Notification;
import dozvon.store.embedded.FreePort;
import dozvon.testsupport.MutableClock;
import dozvon.testsupport.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The outbox on the machine's real Postgres, in a database of this test's own; outages on a closed port. */
class NotificationOutboxTest {

    private static final Instant T0 = Instant.parse("2027-03-01T10:00:00Z");
    private static final NotificationRouting ROUTING = new NotificationRouting(List.of(
            new NotificationRouting.Webhook("http://127.0.0.1:1/crm", Set.of("call.missed")),
            new NotificationRouting.Webhook("http://127.0.0.1:1/sms", Set.of())),
            true, Map.of("sales", "igor@example.com"));

    private Vertx vertx;
    private String url;
    private PgDatabase db;
    private PgDatabase down;
    private Path spoolDir;
    private AtomicLong spoolPending;
    private NotificationSpool spool;
    private final MutableClock clock = new MutableClock(T0);

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        url = TestStores.newDatabase();
        db = TestStores.migrated(vertx, url, 4);
        down = PgDatabase.connect(vertx, "postgresql://postgres@127.0.0.1:" + FreePort.find() + "/nowhere", 2);
        spoolDir = TestStores.tempDir("dozvon-nspool").resolve("notification-spool");
        spoolPending = new AtomicLong();
        spool = new NotificationSpool(vertx, spoolDir, spoolPending);
        get(spool.open());
    }

    @AfterEach
    void tearDown() {
        get(spool.close());
        db.close();
        down.close();
        vertx.close().await();
    }

    private static Notification missed(String callId) {
        return new Notification("call.missed", "call.missed:" + callId, T0, Map.of("callId", callId, "group", "sales",
                "legs", List.of(Map.of("target", "agent:anna", "result", "no_answer"))));
    }

    private PgNotifier notifier(PgDatabase database) {
        return new PgNotifier(vertx, new PgNotificationOutbox(database.pool()), spool, ROUTING, clock,
                Duration.ofMillis(50), Duration.ofMillis(200));
    }

    @Test
    void aNotificationIsStoredOnceWithOneDeliveryPerTargetHoweverOftenItIsQueued() throws Exception {
        PgNotifier notifier = notifier(db);
        get(notifier.notify(missed("c1")));
        get(notifier.notify(missed("c1")));
        get(notifier.notify(new Notification("call.answered", "call.answered:c1", T0, Map.of("group", "sales"))));

        assertThat(count("SELECT count(*) FROM notifications")).isEqualTo(2);
        assertThat(rows("SELECT channel || ' ' || target || ' ' || status || ' ' || attempts FROM notification_deliveries"
                + " d JOIN notifications n ON n.id = d.notification_id WHERE n.idempotency_key = 'call.missed:c1'"
                + " ORDER BY d.id"))
                .containsExactly("webhook http://127.0.0.1:1/crm pending 0", "webhook http://127.0.0.1:1/sms pending 0",
                        "email igor@example.com pending 0");
        assertThat(rows("SELECT target FROM notification_deliveries d JOIN notifications n ON n.id = d.notification_id"
                + " WHERE n.idempotency_key = 'call.answered:c1'")).containsExactly("http://127.0.0.1:1/sms");
        assertThat(rows("SELECT data->'legs'->0->>'result' FROM notifications WHERE idempotency_key = 'call.missed:c1'"))
                .containsExactly("no_answer");
    }

    @Test
    void anEventNobodyIsToldAboutIsNotStoredButAMissedCallAlwaysIs() throws Exception {
        PgNotifier quiet = new PgNotifier(vertx, new PgNotificationOutbox(db.pool()), spool,
                new NotificationRouting(List.of(), false, Map.of()), clock, Duration.ofMillis(50), Duration.ofMillis(200));
        get(quiet.notify(new Notification("call.answered", "call.answered:q1", T0, Map.of("group", "sales"))));
        get(quiet.notify(missed("q2")));
        assertThat(rows("SELECT idempotency_key FROM notifications")).containsExactly("call.missed:q2");
        assertThat(count("SELECT count(*) FROM notification_deliveries")).isZero();
    }

    @Test
    void aClaimedDeliveryIsLeasedAwayFromOtherReplicasUntilTheLeaseRunsOut() {
        get(notifier(db).notify(new Notification("call.answered", "call.answered:c2", T0, Map.of("n", 1))));
        PgNotificationOutbox replicaA = new PgNotificationOutbox(db.pool());
        PgNotificationOutbox replicaB = new PgNotificationOutbox(db.pool());

        List<OutboxDelivery> first = get(replicaA.claimDue(T0, T0.plusSeconds(120), 10));
        assertThat(first).singleElement().satisfies(d -> {
            assertThat(d.attempt()).isEqualTo(1);
            assertThat(d.notification().idempotencyKey()).isEqualTo("call.answered:c2");
            assertThat(d.notification().data()).containsEntry("n", 1);
        });
        assertThat(get(replicaB.claimDue(T0.plusSeconds(119), T0.plusSeconds(240), 10))).isEmpty();
        // replica A died mid-send: once the lease is over, B sends it, as the second try
        assertThat(get(replicaB.claimDue(T0.plusSeconds(120), T0.plusSeconds(240), 10)))
                .singleElement().satisfies(d -> assertThat(d.attempt()).isEqualTo(2));
        // a delivered one is never claimed again
        get(replicaB.delivered(first.get(0).id(), T0.plusSeconds(121)));
        assertThat(get(replicaA.claimDue(T0.plusSeconds(10_000), T0.plusSeconds(10_120), 10))).isEmpty();
        assertThat(get(replicaA.countPending())).isZero();
    }

    @Test
    void aPostgresOutageAtEnqueueLosesNothing() throws Exception {
        PgNotifier whileDown = notifier(down);
        get(whileDown.notify(missed("c3"))); // succeeds: fsync'd in the spool
        get(whileDown.notify(missed("c4")));
        assertThat(spoolPending.get()).isEqualTo(2);
        assertThat(Files.readAllLines(spoolDir.resolve("notifications.jsonl"))).filteredOn(l -> !l.isBlank()).hasSize(2);
        assertThat(count("SELECT count(*) FROM notifications")).isZero();

        // a replay round against the still-down database keeps everything
        PgNotifier stillDown = notifier(down);
        stillDown.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(spoolDir.resolve("replaying.jsonl")));
        stillDown.stop();
        assertThat(spoolPending.get()).isEqualTo(2);

        // Postgres is back (a restarted replica finds the spool left behind and replays it)
        PgNotifier back = notifier(db);
        get(back.notify(missed("c4"))); // the same event told again meanwhile: still once
        back.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> spoolPending.get() == 0
                    && count("SELECT count(*) FROM notifications") == 2);
        } finally {
            back.stop();
        }
        assertThat(rows("SELECT idempotency_key FROM notifications ORDER BY idempotency_key"))
                .containsExactly("call.missed:c3", "call.missed:c4");
        assertThat(count("SELECT count(*) FROM notification_deliveries")).isEqualTo(6);
        assertThat(Files.exists(spoolDir.resolve("replaying.jsonl"))).isFalse();
        assertThat(Files.exists(spoolDir.resolve("notifications.jsonl"))).isFalse();
    }

    @Test
    void purgingForgetsOldFinishedNotificationsOnly() throws Exception {
        PgNotifier notifier = notifier(db);
        get(notifier.notify(missed("old-done")));
        get(notifier.notify(missed("old-pending")));
        clock.advance(Duration.ofDays(31));
        get(notifier.notify(missed("new-done")));
        PgNotificationOutbox outbox = new PgNotificationOutbox(db.pool());
        for (OutboxDelivery d : get(outbox.claimDue(clock.instant(), clock.instant().plusSeconds(60), 100))) {
            String key = d.notification().idempotencyKey();
            if (key.endsWith("done")) {
                get(outbox.delivered(d.id(), clock.instant()));
            } else if (d.target().channel() == dozvon.core.notify.Channel.EMAIL) {
                get(outbox.failed(d.id(), "HTTP 500")); // one delivery failed, the others still pending
            }
        }

        assertThat(get(outbox.purge(clock.instant().minus(Duration.ofDays(30))))).isEqualTo(1);

        assertThat(rows("SELECT idempotency_key FROM notifications ORDER BY 1"))
                .containsExactly("call.missed:new-done", "call.missed:old-pending");
        assertThat(count("SELECT count(*) FROM notification_deliveries")).isEqualTo(6);
    }

    private long count(String sql) throws Exception {
        try (Connection c = TestStores.jdbc(url); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> rows(String sql) throws Exception {
        try (Connection c = TestStores.jdbc(url); ResultSet rs = c.createStatement().executeQuery(sql)) {
            java.util.ArrayList<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> f) {
        try {
            return f.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
