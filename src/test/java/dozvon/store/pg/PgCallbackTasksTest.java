package dozvon.store.pg;

import dozvon.core.callback.CallbackSchedule;
import dozvon.core.callback.CallbackTask;
import dozvon.core.callback.CloseReason;
import dozvon.core.callback.TaskReason;
import dozvon.core.callback.TaskStatus;
import dozvon.core.port.CallbackTasks;
import dozvon.core.port.CallbackTasks.NewTask;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Callback tasks on a real Postgres: merges, closes and the dialer's leases, also when requests race. */
class PgCallbackTasksTest {

    private static final Instant T0 = Instant.parse("2027-02-03T08:00:00Z");
    private static Vertx vertx;
    private static PgDatabase db;
    private static CallbackTasks tasks;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        db = TestStores.migrated(vertx, TestStores.newDatabase(), 8);
        tasks = new PgCallbackTasks(db.pool(), db.statements()); // as the gateway wires it
    }

    @AfterAll
    static void stop() {
        if (db != null) {
            db.close();
        }
        vertx.close();
    }

    private static <T> T await(CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String phone() {
        return "+7900" + (1000000 + (UUID.randomUUID().hashCode() & 0x7ffffff) % 8999999);
    }

    private static NewTask missed(String phone, String group, String callId, Instant due) {
        return new NewTask(UUID.randomUUID().toString(), phone, group, TaskReason.MISSED, null, null, due, callId);
    }

    @Test
    void aSecondCallFromTheSameNumberMergesIntoTheOpenTask() throws Exception {
        String p = phone();
        CallbackTasks.Upserted first = await(tasks.openOrMerge(missed(p, "sales", "c1", T0), T0));
        CallbackTasks.Upserted second = await(tasks.openOrMerge(missed(p, "sales", "c2", T0.plusSeconds(60)),
                T0.plusSeconds(60)));
        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.task().id()).isEqualTo(first.task().id());
        assertThat(second.task().calls()).isEqualTo(2);
        assertThat(second.task().lastCallId()).isEqualTo("c2");
        assertThat(second.task().dueAt()).as("a merge keeps the task's place").isEqualTo(T0);
        // the same call told again (a spool replay, a retry after a lost answer) is not a third call
        CallbackTasks.Upserted again = await(tasks.openOrMerge(missed(p, "sales", "c2", T0.plusSeconds(60)),
                T0.plusSeconds(90)));
        assertThat(again.task().calls()).isEqualTo(2);
        // another group is another task
        assertThat(await(tasks.openOrMerge(missed(p, "support", "c3", T0), T0)).created()).isTrue();
    }

    @Test
    void racingCallsFromOneNumberMakeOneTask() throws Exception {
        String p = phone();
        List<CompletableFuture<CallbackTasks.Upserted>> all = IntStream.range(0, 8)
                .mapToObj(i -> tasks.openOrMerge(missed(p, "sales", "c" + i, T0), T0).toCompletableFuture())
                .toList();
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat(all.stream().filter(f -> f.join().created()).count()).isEqualTo(1);
        List<CallbackTask> open = await(tasks.list(new CallbackTasks.Filter(TaskStatus.OPEN, "sales", null, 1000)))
                .stream().filter(t -> t.phone().equals(p)).toList();
        assertThat(open).hasSize(1);
        assertThat(open.get(0).calls()).isEqualTo(8);
    }

    @Test
    void reachingTheCustomerClosesTheirTasksAndANewCallOpensAFreshOne() throws Exception {
        String p = phone();
        CallbackTask t = await(tasks.openOrMerge(missed(p, "sales", "c1", T0), T0)).task();
        List<CallbackTask> closed = await(tasks.closeReached(p, "c9", T0.plusSeconds(5)));
        assertThat(closed).extracting(CallbackTask::id).containsExactly(t.id());
        assertThat(closed.get(0).closeReason()).isEqualTo(CloseReason.REACHED);
        assertThat(closed.get(0).closedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(await(tasks.closeReached(p, "c10", T0.plusSeconds(6)))).isEmpty();
        // a follow-up scheduled for later is not what the call was about: it stays open
        CallbackTask later = await(tasks.schedule(new NewTask(UUID.randomUUID().toString(), p, "sales",
                TaskReason.SCHEDULED, "invoice", null, T0.plusSeconds(86400), null), T0));
        assertThat(await(tasks.closeReached(p, "c12", T0.plusSeconds(7)))).isEmpty();
        assertThat(await(tasks.byId(later.id()))).get().extracting(CallbackTask::status).isEqualTo(TaskStatus.OPEN);
        CallbackTasks.Upserted again = await(tasks.openOrMerge(missed(p, "sales", "c11", T0), T0));
        assertThat(again.created()).isTrue();
    }

    @Test
    void twoDialersPollingTogetherNeverGetTheSameTask() throws Exception {
        Instant due = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(new java.util.Random().nextInt(1000));
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            made.add(await(tasks.schedule(new NewTask(UUID.randomUUID().toString(), phone(), "claims", TaskReason.SCHEDULED,
                    "x", null, due, null), due)).id());
        }
        Instant now = due.plusSeconds(1);
        var a = tasks.claimDue(now, Duration.ofMinutes(2), "replica-a", 15).toCompletableFuture();
        var b = tasks.claimDue(now, Duration.ofMinutes(2), "replica-b", 15).toCompletableFuture();
        Set<String> ofA = new HashSet<>(a.get(10, TimeUnit.SECONDS).stream().map(CallbackTask::id).toList());
        Set<String> ofB = new HashSet<>(b.get(10, TimeUnit.SECONDS).stream().map(CallbackTask::id).toList());
        ofA.retainAll(made);
        ofB.retainAll(made);
        assertThat(ofA).doesNotContainAnyElementsOf(ofB);
        Set<String> both = new HashSet<>(ofA);
        both.addAll(ofB);
        assertThat(both).isEqualTo(made);
        // leased: nobody gets them again until the lease runs out
        assertThat(await(tasks.claimDue(now.plusSeconds(60), Duration.ofMinutes(2), "replica-c", 100)))
                .extracting(CallbackTask::id).doesNotContainAnyElementsOf(made);
        assertThat(await(tasks.claimDue(now.plusSeconds(200), Duration.ofMinutes(2), "replica-c", 100)))
                .extracting(CallbackTask::id).containsAll(made);
    }

    @Test
    void anAttemptIsKeptAndTheTaskRescheduledOrClosed() throws Exception {
        String p = phone();
        CallbackTask t = await(tasks.openOrMerge(missed(p, "sales", "c1", T0), T0)).task();
        Instant end = T0.plusSeconds(40);
        Optional<CallbackTask> retried = await(tasks.finishAttempt(t.id(), "r", Optional.of(new CallbackTasks.Attempt(
                "o1", "anna", "customer_unreached", T0, end)), new CallbackSchedule.Next.Retry(end.plusSeconds(3600), 1), end));
        assertThat(retried).get().satisfies(x -> {
            assertThat(x.attempts()).isEqualTo(1);
            assertThat(x.dueAt()).isEqualTo(end.plusSeconds(3600));
            assertThat(x.lastCallId()).isEqualTo("o1");
        });
        Optional<CallbackTask> closed = await(tasks.finishAttempt(t.id(), "r", Optional.of(new CallbackTasks.Attempt(
                "o2", "anna", "customer_unreached", end, end)), new CallbackSchedule.Next.Close(CloseReason.UNREACHED, 2), end));
        assertThat(closed).get().extracting(CallbackTask::status, CallbackTask::closeReason, CallbackTask::attempts)
                .containsExactly(TaskStatus.CLOSED, CloseReason.UNREACHED, 2);
        assertThat(await(tasks.attempts(t.id()))).extracting(CallbackTasks.Attempt::callId).containsExactly("o1", "o2");
        // a closed task takes no more attempts
        assertThat(await(tasks.finishAttempt(t.id(), "r", Optional.empty(),
                new CallbackSchedule.Next.Retry(end, 2), end))).isEmpty();
    }

    @Test
    void patchReassignsReschedulesAndClosesWithANote() throws Exception {
        CallbackTask t = await(tasks.openOrMerge(missed(phone(), "sales", "c1", T0), T0)).task();
        CallbackTask assigned = await(tasks.update(t.id(), new CallbackTasks.Patch(true, "anna", T0.plusSeconds(600),
                false, null), T0)).orElseThrow();
        assertThat(assigned.agentId()).isEqualTo("anna");
        assertThat(assigned.dueAt()).isEqualTo(T0.plusSeconds(600));
        CallbackTask unchangedAgent = await(tasks.update(t.id(), new CallbackTasks.Patch(false, null, null, false, null),
                T0)).orElseThrow();
        assertThat(unchangedAgent.agentId()).isEqualTo("anna");
        CallbackTask closed = await(tasks.update(t.id(), new CallbackTasks.Patch(false, null, null, true, "called from mobile"),
                T0.plusSeconds(5))).orElseThrow();
        assertThat(closed.status()).isEqualTo(TaskStatus.CLOSED);
        assertThat(closed.closeReason()).isEqualTo(CloseReason.MANUAL);
        assertThat(closed.closeNote()).isEqualTo("called from mobile");
        assertThat(await(tasks.update("no-such-task", new CallbackTasks.Patch(false, null, null, true, "x"), T0))).isEmpty();
    }
}
