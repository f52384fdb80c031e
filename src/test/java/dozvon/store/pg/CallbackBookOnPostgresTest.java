package dozvon.store.pg;

import dozvon.core.callback.CallbackBook;
import dozvon.core.callback.CallbackRules;
import dozvon.core.callback.CallbackSchedule;
import dozvon.core.callback.CallbackTask;
import dozvon.core.callback.CloseReason;
import dozvon.core.callback.TaskReason;
import dozvon.core.callback.TaskStatus;
import dozvon.core.chain.CallCommand;
import dozvon.core.chain.CallOutcome;
import dozvon.core.chain.CallRecord;
import dozvon.core.hours.WorkingHours;
import dozvon.core.port.CallbackTasks;
import dozvon.core.port.Notification;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Ended calls open, merge and close tasks in Postgres, and each task's birth and end is told once. */
class CallbackBookOnPostgresTest {

    /** A Wednesday evening in Moscow, after closing. */
    private static final Instant EVENING = Instant.parse("2027-02-03T17:30:00Z");
    private static final WorkingHours HOURS = WorkingHours.parse("Europe/Moscow",
            Map.of("mon-fri", List.of("09:00-19:00")), List.of());
    private static Vertx vertx;
    private static PgDatabase db;
    private static PgCallbackTasks tasks;
    private static final List<Notification> told = new CopyOnWriteArrayList<>();
    private static final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
        db = TestStores.migrated(vertx, TestStores.newDatabase(), 4);
        tasks = new PgCallbackTasks(db.pool());
    }

    @AfterAll
    static void stop() {
        db.close();
        vertx.close();
    }

    private static CallbackBook book(Instant now) {
        return new CallbackBook(tasks, new CallbackRules(Duration.ofSeconds(5)),
                new CallbackSchedule(new CallbackSchedule.Settings(List.of(Duration.ZERO, Duration.ofHours(1)), 3,
                        Duration.ofMinutes(10), Duration.ofSeconds(30))),
                g -> HOURS, n -> {
                    told.add(n);
                    return CompletableFuture.completedFuture(null);
                }, Clock.fixed(now, ZoneOffset.UTC), () -> "task-" + ids.incrementAndGet(), e -> { });
    }

    private static CallCommand.Record call(String id, String caller, CallOutcome outcome, Instant at) {
        CallRecord c = new CallRecord(id, caller, "+74950000000", "sales", at, null,
                outcome == CallOutcome.ANSWERED ? at : null, at.plusSeconds(40), outcome,
                outcome == CallOutcome.ANSWERED ? "anna" : null, Duration.ofSeconds(40), Duration.ZERO,
                outcome == CallOutcome.OFF_HOURS, null, null);
        return new CallCommand.Record(c, List.of(), List.of());
    }

    private static <T> T await(CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static List<CallbackTask> tasksOf(String phone) throws Exception {
        return await(tasks.list(new CallbackTasks.Filter(null, null, null, 1000))).stream()
                .filter(t -> t.phone().equals(phone)).toList();
    }

    @Test
    void anEveningCallWaitsForTheMorningMergesARepeatAndClosesWhenAnswered() throws Exception {
        String phone = "+79005550001";
        await(book(EVENING).onCallEnded(call("c1", phone, CallOutcome.OFF_HOURS, EVENING)));
        await(book(EVENING.plusSeconds(300)).onCallEnded(call("c2", phone, CallOutcome.OFF_HOURS, EVENING.plusSeconds(300))));
        List<CallbackTask> open = tasksOf(phone);
        assertThat(open).hasSize(1);
        CallbackTask t = open.get(0);
        assertThat(t.reason()).isEqualTo(TaskReason.OFF_HOURS);
        assertThat(t.calls()).isEqualTo(2);
        assertThat(t.lastCallId()).isEqualTo("c2");
        // 09:00 Moscow = 06:00Z next day, within the 10-minute spread
        assertThat(t.dueAt()).isBetween(Instant.parse("2027-02-04T06:00:00Z"), Instant.parse("2027-02-04T06:09:59Z"));
        assertThat(told.stream().filter(n -> n.idempotencyKey().equals("callback.created:" + t.id()))).hasSize(1);

        Instant morning = Instant.parse("2027-02-04T06:30:00Z");
        await(book(morning).onCallEnded(call("c3", phone, CallOutcome.ANSWERED, morning)));
        CallbackTask closed = tasksOf(phone).get(0);
        assertThat(closed.status()).isEqualTo(TaskStatus.CLOSED);
        assertThat(closed.closeReason()).isEqualTo(CloseReason.REACHED);
        assertThat(closed.lastCallId()).isEqualTo("c3");
        assertThat(told).anySatisfy(n -> {
            assertThat(n.event()).isEqualTo("callback.closed");
            assertThat(n.idempotencyKey()).isEqualTo("callback.closed:" + t.id());
            assertThat(n.data()).containsEntry("reason", "reached");
        });
    }

    @Test
    void aFollowUpScheduledForTheNightIsDueWhenTheGroupOpens() throws Exception {
        // 00:30 Moscow on a Thursday: due at 09:00 Moscow (06:00Z), within the spread window
        CallbackTask t = await(book(EVENING).scheduleCall("+79005550003", "sales", null,
                Instant.parse("2027-02-03T21:30:00Z"), "invoice"));
        assertThat(t.dueAt()).isBetween(Instant.parse("2027-02-04T06:00:00Z"), Instant.parse("2027-02-04T06:09:59Z"));
        // inside opening hours the CRM's time is kept to the second
        CallbackTask kept = await(book(EVENING).scheduleCall("+79005550003", "sales", null,
                Instant.parse("2027-02-04T08:17:05Z"), "invoice"));
        assertThat(kept.dueAt()).isEqualTo(Instant.parse("2027-02-04T08:17:05Z"));
        assertThat(kept.reason()).isEqualTo(TaskReason.SCHEDULED);
        assertThat(kept.calls()).isZero();
    }

    @Test
    void aTaskLeasedWhileTheGroupIsClosedGoesBackUntilTheOpening() throws Exception {
        CallbackTask t = await(book(EVENING).scheduleCall("+79005550004", "sales", null,
                Instant.parse("2027-02-03T10:00:00Z"), "x"));
        // rescheduled by hand into the evening, then leased by a dialer at 20:40 Moscow
        await(tasks.update(t.id(), new CallbackTasks.Patch(false, null, EVENING, false, null), EVENING));
        assertThat(await(tasks.claimDue(EVENING.plusSeconds(600), Duration.ofMinutes(2), "r1", 1000)))
                .extracting(CallbackTask::id).contains(t.id());
        CallbackBook lateBook = book(EVENING.plusSeconds(600));
        assertThat(lateBook.open("sales")).isFalse();
        CallbackTask deferred = await(lateBook.deferUntilOpen(t, "r1")).orElseThrow();
        assertThat(deferred.dueAt()).isBetween(Instant.parse("2027-02-04T06:00:00Z"), Instant.parse("2027-02-04T06:09:59Z"));
        assertThat(deferred.attempts()).isZero();
        // and the lease is back: due again in the morning
        assertThat(await(tasks.claimDue(Instant.parse("2027-02-04T06:10:00Z"), Duration.ofMinutes(2), "r2", 1000)))
                .extracting(CallbackTask::id).contains(t.id());
    }

    @Test
    void aQuickHangUpOpensNothing() throws Exception {
        String phone = "+79005550002";
        CallRecord quick = new CallRecord("q1", phone, "+74950000000", "sales", EVENING, null, null,
                EVENING.plusSeconds(2), CallOutcome.ABANDONED, null, Duration.ofSeconds(2), Duration.ZERO, false,
                null, null);
        await(book(EVENING).onCallEnded(new CallCommand.Record(quick, List.of(), List.of())));
        assertThat(tasksOf(phone)).isEmpty();
    }
}
