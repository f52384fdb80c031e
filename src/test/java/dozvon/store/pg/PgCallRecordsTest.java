package dozvon.store.pg;

import dozvon.core.chain.CallCommand;
import dozvon.core.chain.CallOutcome;
import dozvon.core.chain.CallRecord;
import dozvon.core.port.CallDetail;
import dozvon.core.port.CallSummary;
import dozvon.core.port.LegSummary;
import dozvon.store.embedded.FreePort;
import dozvon.testsupport.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dozvon.store.pg.CallRecordSamples.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Call records on the machine's real Postgres, in a database of this test's own; outages on a closed port. */
class PgCallRecordsTest {

    private Vertx vertx;
    private String url;
    private PgDatabase db;
    private PgDatabase down;
    private Path spoolDir;
    private AtomicLong pending;
    private CallRecordSpool spool;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        url = TestStores.newDatabase();
        db = TestStores.migrated(vertx, url, 4);
        // nothing listens on a fresh free port: connection refused, as when Postgres is down
        down = PgDatabase.connect(vertx, "postgresql://postgres@127.0.0.1:" + FreePort.find() + "/nowhere", 2);
        spoolDir = TestStores.tempDir("dozvon-spool").resolve("spool");
        pending = new AtomicLong();
        spool = new CallRecordSpool(vertx, spoolDir, pending);
        get(spool.open());
    }

    @AfterEach
    void tearDown() {
        get(spool.close());
        db.close();
        down.close();
        vertx.close().await();
    }

    @Test
    void writesTheCallItsLegsAndTraceAndReadsThemBack() throws Exception {
        PgCallRecords records = new PgCallRecords(db.pool(), spool, "r1", vertx.getOrCreateContext());
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        records.onStored(r -> told.add(r.call().callId()));
        CallCommand.Record record = CallRecordSamples.answered("c1", T0);
        var written = records.write(record);
        assertThat(records.writing()).as("on its way: a stop waits for it").isEqualTo(1);
        get(written);
        assertThat(records.writing()).isZero();
        assertThat(told).containsExactly("c1");

        CallDetail details = get(new PgCallHistory(db.pool()).byId("c1")).orElseThrow();
        CallSummary call = details.call();
        assertThat(call.outcome()).isEqualTo("answered");
        assertThat(call.answeredBy()).isEqualTo("anna");
        assertThat(call.arrivedAt()).isEqualTo(T0);
        assertThat(call.answeredAt()).isEqualTo(T0.plusSeconds(12));
        assertThat(call.waitSeconds()).isEqualTo(12.0);
        assertThat(call.talkSeconds()).isEqualTo(60.0);
        assertThat(call.offHours()).isFalse();
        assertThat(call.finalCode()).isNull();

        assertThat(details.legs()).extracting(LegSummary::legId).containsExactly("c1-L1", "c1-L2");
        LegSummary second = details.legs().get(1);
        assertThat(second.legNo()).isEqualTo(1);
        assertThat(second.step()).isEqualTo(1);
        assertThat(second.kind()).isEqualTo("agent");
        assertThat(second.target()).isEqualTo("agent:anna");
        assertThat(second.address()).isEqualTo("sip:anna@127.0.0.1:5071");
        assertThat(second.autoAnswer()).isTrue();
        assertThat(second.result()).isEqualTo("answered");
        assertThat(details.legs().get(0).result()).isEqualTo("no_answer");

        JsonArray trace = new JsonArray(details.traceJson());
        assertThat(trace.size()).isEqualTo(2);
        JsonObject first = trace.getJsonObject(0);
        assertThat(first.getString("target")).isEqualTo("personal-or-next");
        assertThat(first.getString("endedBy")).isEqualTo("timed_out");
        assertThat(first.getString("startedAt")).isEqualTo(T0.toString());
        assertThat(first.getJsonArray("considered").getJsonObject(0))
                .isEqualTo(new JsonObject().put("agent", "vera").put("skipped", "away"));
        assertThat(first.getJsonArray("considered").getJsonObject(1)).isEqualTo(new JsonObject().put("agent", "boris"));
        assertThat(first.getJsonArray("legs")).isEqualTo(new JsonArray().add("c1-L1"));
        assertThat(pending.get()).isZero();
        assertThat(count("calls")).isEqualTo(1);

        // an answered call's callback work can only close a task: it is not written waiting for it
        var catchUp = new PgCallbackCatchUp(db.pool());
        java.time.Instant until = T0.plus(java.time.Duration.ofDays(1));
        assertThat(get(catchUp.pending(until, T0.minusSeconds(1), 10).toCompletionStage())).isEmpty();
        // a missed one is, until its callback work has run; and it comes back as the domain recorded it
        CallRecord a = record.call();
        CallRecord missed = new CallRecord("c1-missed", a.callerNumber(), a.dialedNumber(), a.groupId(), a.arrivedAt(),
                a.firstRingAt(), null, a.endedAt(), CallOutcome.MISSED, null, a.waitTime(), java.time.Duration.ZERO,
                false, null, null, null, a.direction());
        get(records.write(new CallCommand.Record(missed, List.of(), List.of())));
        var left = get(catchUp.pending(until, T0.minusSeconds(1), 10).toCompletionStage());
        assertThat(left).extracting(p -> p.call()).containsExactly(missed);
        get(catchUp.done("c1-missed").toCompletionStage());
        assertThat(get(catchUp.pending(until, T0.minusSeconds(1), 10).toCompletionStage())).isEmpty();
    }

    @Test
    void manyConcurrentWritesAllLandThroughGroupCommit() throws Exception {
        PgCallRecords records = new PgCallRecords(db.pool(), spool, "r1", vertx.getOrCreateContext());
        List<java.util.concurrent.CompletableFuture<Void>> writes = new java.util.ArrayList<>();
        // written while earlier transactions are in flight: later ones are committed together
        for (int i = 0; i < 200; i++) {
            writes.add(records.write(CallRecordSamples.answered("g" + i, T0.plusSeconds(i))).toCompletableFuture());
        }
        writes.add(records.write(CallRecordSamples.answered("g7", T0)).toCompletableFuture()); // a duplicate: no-op
        java.util.concurrent.CompletableFuture.allOf(writes.toArray(new java.util.concurrent.CompletableFuture[0]))
                .get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(count("calls")).isEqualTo(200);
        assertThat(pending.get()).isZero();
    }

    @Test
    void aRejectedCallKeepsItsFinalCodeAndOffHoursFlag() {
        PgCallRecords records = new PgCallRecords(db.pool(), spool, "r1", vertx.getOrCreateContext());
        get(records.write(CallRecordSamples.rejected("c9", T0)));
        CallDetail details = get(new PgCallHistory(db.pool()).byId("c9")).orElseThrow();
        assertThat(details.call().finalCode()).isEqualTo(603);
        assertThat(details.call().offHours()).isTrue();
        assertThat(details.call().reason()).isEqualTo("blacklisted");
        assertThat(details.legs()).isEmpty();
        assertThat(details.traceJson()).isEqualTo("[]");
        assertThat(get(new PgCallHistory(db.pool()).byId("nope"))).isEmpty();
    }

    @Test
    void writingTheSameCallAgainChangesNothing() throws Exception {
        PgCallRecords records = new PgCallRecords(db.pool(), spool, "r1", vertx.getOrCreateContext());
        get(records.write(CallRecordSamples.answered("c1", T0)));
        get(records.write(CallRecordSamples.answered("c1", T0)));
        get(records.insert(CallRecordSamples.answered("c1", T0.plusSeconds(5)))); // a different copy: first wins
        assertThat(count("calls")).isEqualTo(1);
        assertThat(count("call_legs")).isEqualTo(2);
        assertThat(get(new PgCallHistory(db.pool()).byId("c1")).orElseThrow().call().arrivedAt()).isEqualTo(T0);
    }

    @Test
    void recentListsNewestFirstWithinBounds() {
        PgCallRecords records = new PgCallRecords(db.pool(), spool, "r1", vertx.getOrCreateContext());
        for (int i = 0; i < 5; i++) {
            get(records.write(CallRecordSamples.answered("c" + i, T0.plusSeconds(60L * i))));
        }
        PgCallHistory history = new PgCallHistory(db.pool());
        assertThat(get(history.recent(null, null, 10))).extracting(CallSummary::callId)
                .containsExactly("c4", "c3", "c2", "c1", "c0");
        assertThat(get(history.recent(T0.plusSeconds(60), T0.plusSeconds(240), 10))).extracting(CallSummary::callId)
                .containsExactly("c3", "c2", "c1");
        assertThat(get(history.recent(null, null, 2))).extracting(CallSummary::callId).containsExactly("c4", "c3");
    }

    @Test
    void recordsWrittenDuringAnOutageAreSpooledThenReplayedInOrder() throws Exception {
        PgCallRecords whileDown = new PgCallRecords(down.pool(), spool, "r1", vertx.getOrCreateContext());
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        whileDown.onStored(r -> told.add(r.call().callId()));
        for (int i = 0; i < 5; i++) {
            get(whileDown.write(CallRecordSamples.answered("c" + i, T0.plusSeconds(i)))); // succeeds: durable on disk
        }
        assertThat(pending.get()).isEqualTo(5);
        assertThat(Files.readAllLines(spoolDir.resolve("calls.jsonl"))).hasSize(5);
        assertThat(count("calls")).isZero();
        assertThat(told).as("only in the spool: nothing that needs the database is told yet").isEmpty();

        // Postgres is back for new writes, but the spool is not empty yet: the new record queues behind it
        PgCallRecords back = new PgCallRecords(db.pool(), spool, "r1", vertx.getOrCreateContext());
        back.onStored(r -> told.add(r.call().callId()));
        get(back.write(CallRecordSamples.rejected("c5", T0.plusSeconds(5))));
        assertThat(pending.get()).isEqualTo(6);
        assertThat(count("calls")).isZero();

        SpoolReplayer replayer = new SpoolReplayer(vertx, spool, back::replay, Duration.ofMillis(100), Duration.ofSeconds(1));
        replayer.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> pending.get() == 0 && count("calls") == 6);
        } finally {
            replayer.stop();
        }
        assertThat(idsInWriteOrder()).containsExactly("c0", "c1", "c2", "c3", "c4", "c5");
        assertThat(count("call_legs")).isEqualTo(10);
        // callback tasks, notifications and customers hear of each call once it is in the database
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(told).containsExactly("c0", "c1", "c2", "c3", "c4", "c5"));
        assertThat(Files.exists(spoolDir.resolve("replaying.jsonl"))).isFalse();
        assertThat(Files.exists(spoolDir.resolve("calls.jsonl"))).isFalse();
    }

    @Test
    void aReplayerFacingADownDatabaseKeepsEverything() throws Exception {
        PgCallRecords whileDown = new PgCallRecords(down.pool(), spool, "r1", vertx.getOrCreateContext());
        get(whileDown.write(CallRecordSamples.answered("c1", T0)));
        SpoolReplayer replayer = new SpoolReplayer(vertx, spool, whileDown::insert, Duration.ofMillis(50), Duration.ofMillis(200));
        replayer.start();
        try {
            // a few failed rounds (rotated into replaying.jsonl), and nothing lost
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(spoolDir.resolve("replaying.jsonl")));
            get(whileDown.write(CallRecordSamples.answered("c2", T0.plusSeconds(1))));
            assertThat(pending.get()).isEqualTo(2);
        } finally {
            replayer.stop();
        }
        SpoolReplayer healed = new SpoolReplayer(vertx, spool, new PgCallRecords(db.pool(), spool, "r1", vertx.getOrCreateContext())::insert,
                Duration.ofMillis(50), Duration.ofMillis(200));
        healed.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> pending.get() == 0 && count("calls") == 2);
        } finally {
            healed.stop();
        }
        assertThat(idsInWriteOrder()).containsExactly("c1", "c2");
    }

    @Test
    void aSpoolLeftByAnEarlierRunIsReplayedAtStart() throws Exception {
        PgCallRecords whileDown = new PgCallRecords(down.pool(), spool, "r1", vertx.getOrCreateContext());
        for (int i = 0; i < 3; i++) {
            get(whileDown.write(CallRecordSamples.answered("c" + i, T0.plusSeconds(i))));
        }
        get(spool.close());
        // the process died mid-append: a torn last line with no newline
        Files.writeString(spoolDir.resolve("calls.jsonl"), "{\"call\":{\"callId\":\"tor", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        AtomicLong restartedPending = new AtomicLong();
        spool = new CallRecordSpool(vertx, spoolDir, restartedPending);
        get(spool.open());
        assertThat(restartedPending.get()).isEqualTo(4); // three records and the fragment
        PgCallRecords records = new PgCallRecords(db.pool(), spool, "r1", vertx.getOrCreateContext());
        get(records.write(CallRecordSamples.rejected("c3", T0.plusSeconds(3)))); // appended after the fragment
        SpoolReplayer replayer = new SpoolReplayer(vertx, spool, records::insert);
        replayer.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> restartedPending.get() == 0 && count("calls") == 4);
        } finally {
            replayer.stop();
        }
        assertThat(idsInWriteOrder()).containsExactly("c0", "c1", "c2", "c3");
        assertThat(Files.readString(spoolDir.resolve("rejected.jsonl"))).contains("\"callId\":\"tor");
    }

    @Test
    void aReplayCutShortIsResumedWithoutDuplicates() throws Exception {
        PgCallRecords whileDown = new PgCallRecords(down.pool(), spool, "r1", vertx.getOrCreateContext());
        for (int i = 0; i < 4; i++) {
            get(whileDown.write(CallRecordSamples.answered("c" + i, T0.plusSeconds(i))));
        }
        PgCallRecords up = new PgCallRecords(db.pool(), spool, "r1", vertx.getOrCreateContext());
        // the database goes away after two records
        AtomicLong calls = new AtomicLong();
        Future<Integer> cut = spool.replay(r -> calls.incrementAndGet() <= 2 ? up.insert(r) : whileDown.insert(r));
        assertThat(cut.toCompletionStage().toCompletableFuture().handle((v, e) -> e).get(20, TimeUnit.SECONDS)).isNotNull();
        assertThat(pending.get()).isEqualTo(2);
        assertThat(count("calls")).isEqualTo(2);

        assertThat(get(spool.replay(up::insert))).isEqualTo(2);
        assertThat(pending.get()).isZero();
        assertThat(idsInWriteOrder()).containsExactly("c0", "c1", "c2", "c3");
    }

    private long count(String table) throws Exception {
        try (Connection c = TestStores.jdbc(url); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<String> idsInWriteOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = TestStores.jdbc(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT id FROM calls ORDER BY written_at, id")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static <T> T get(Future<T> f) {
        return get(f.toCompletionStage());
    }

    private static <T> T get(java.util.concurrent.CompletionStage<T> s) {
        try {
            return s.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
