package dozvon.app;

import dozvon.core.callback.CallbackBook;
import dozvon.core.callback.CallbackRules;
import dozvon.core.callback.CallbackSchedule;
import dozvon.core.callback.CallbackTask;
import dozvon.core.callback.TaskReason;
import dozvon.core.hours.WorkingHours;
import dozvon.core.port.CallbackTasks;
import dozvon.store.pg.PgCallbackCatchUp;
import dozvon.store.pg.PgCallbackTasks;
import dozvon.store.pg.PgDatabase;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Missed calls whose callback work never ran (their replica stopped right after writing the record) get it. */
class CallbackCatchUpTest {

    private Vertx vertx;
    private String url;
    private PgDatabase db;
    private PgCallbackTasks tasks;
    private CallbackCatchUp catchUp;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        url = TestStores.newDatabase();
        db = TestStores.migrated(vertx, url, 4);
        tasks = new PgCallbackTasks(db.pool());
        CallbackBook book = new CallbackBook(tasks, new CallbackRules(Duration.ofSeconds(5)),
                new CallbackSchedule(new CallbackSchedule.Settings(List.of(Duration.ZERO), 3, Duration.ofMinutes(10),
                        Duration.ofSeconds(30))),
                g -> WorkingHours.parse("UTC", Map.of("mon-sun", List.of("00:00-24:00")), List.of()),
                n -> CompletableFuture.completedFuture(null), Clock.systemUTC(), () -> "task-" + System.nanoTime(),
                e -> { });
        catchUp = new CallbackCatchUp(vertx, new PgCallbackCatchUp(db.pool()), book::onCallEnded, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        db.close();
        vertx.close().await();
    }

    @Test
    void missedCallsLeftWithoutTheirTaskGetOneOnceAndOnlyWhenStillWanted() throws Exception {
        try (Connection c = TestStores.jdbc(url)) {
            // the replica stopped after writing these records (callbacks_done false), before their tasks
            insert(c, "left-missed", "+79001000001", "missed", "10 minutes", false);
            insert(c, "left-but-answered-later", "+79001000002", "missed", "30 minutes", false);
            insert(c, "answered-later", "+79001000002", "answered", "20 minutes", true);
            // still with its own replica (ended a moment ago), and one whose work ran
            insert(c, "just-ended", "+79001000003", "missed", "30 seconds", false);
            insert(c, "handled", "+79001000004", "missed", "10 minutes", true);
        }

        assertThat(catchUp.runOnce().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(2);

        List<CallbackTask> open = tasks.list(new CallbackTasks.Filter(null, null, null, 100)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(open).extracting(CallbackTask::phone).containsExactly("+79001000001");
        assertThat(open.get(0).reason()).isEqualTo(TaskReason.MISSED);
        assertThat(done("left-missed")).isTrue();
        assertThat(done("left-but-answered-later")).as("the caller was answered since: nothing to call back").isTrue();
        assertThat(done("just-ended")).isFalse();

        assertThat(catchUp.runOnce().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .as("a second pass finds nothing left").isZero();
        assertThat(tasks.list(new CallbackTasks.Filter(null, null, null, 100)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).hasSize(1);
    }

    @Test
    void theCallbackWorkOfACallAsItEndsMarksItDone() throws Exception {
        try (Connection c = TestStores.jdbc(url)) {
            insert(c, "ending-now", "+79001000009", "missed", "1 second", false);
        }
        var store = new PgCallbackCatchUp(db.pool());
        var call = store.pending(java.time.Instant.now().plusSeconds(60), java.time.Instant.now().minusSeconds(600), 10)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).get(0).call();
        List<String> worked = new java.util.concurrent.CopyOnWriteArrayList<>();
        CallbackCatchUp.marking(r -> {
            worked.add(r.call().callId());
            return CompletableFuture.completedFuture(null);
        }, store).apply(new dozvon.core.chain.CallCommand.Record(call, List.of(), List.of()))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(worked).containsExactly("ending-now");
        assertThat(done("ending-now")).isTrue();
    }

    private static void insert(Connection c, String id, String caller, String outcome, String endedAgo, boolean done)
            throws Exception {
        try (var st = c.prepareStatement("""
                INSERT INTO calls (id, caller, dialed, group_id, outcome, arrived_at, ended_at, wait_seconds,
                                   answered_by, callbacks_done)
                VALUES (?, ?, '+74950000000', 'sales', ?, now() - ?::interval - interval '40 seconds',
                        now() - ?::interval, 40, ?, ?)""")) {
            st.setString(1, id);
            st.setString(2, caller);
            st.setString(3, outcome);
            st.setString(4, endedAgo);
            st.setString(5, endedAgo);
            st.setString(6, "answered".equals(outcome) ? "anna" : null);
            st.setBoolean(7, done);
            st.executeUpdate();
        }
    }

    private boolean done(String id) throws Exception {
        try (Connection c = TestStores.jdbc(url);
             ResultSet rs = c.createStatement().executeQuery("SELECT callbacks_done FROM calls WHERE id = '" + id + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getBoolean(1);
        }
    }
}
