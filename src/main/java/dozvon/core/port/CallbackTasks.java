package dozvon.core.port;

import dozvon.core.callback.CallbackSchedule;
import dozvon.core.callback.CallbackTask;
import dozvon.core.callback.TaskReason;
import dozvon.core.callback.TaskStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Callback tasks shared by all replicas (Postgres in production). Every change that may race between replicas
 * (a merge, a close, the dialer's pick) is one atomic statement in the store.
 */
public interface CallbackTasks {

    /** A task to put in. {@code callId} is the call that caused it (null for a scheduled one). */
    record NewTask(String id, String phone, String groupId, TaskReason reason, String note, String agentId,
                   Instant dueAt, String callId) {
        public NewTask {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(phone, "phone");
            Objects.requireNonNull(groupId, "groupId");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(dueAt, "dueAt");
        }
    }

    /** The task after {@link #openOrMerge}; {@code created} is false when the call joined an open task. */
    record Upserted(CallbackTask task, boolean created) {}

    /** What the list shows; null fields do not filter. */
    record Filter(TaskStatus status, String groupId, String agentId, int limit) {}

    /**
     * A change by hand. {@code reassign} says whether {@code agentId} is to be set (null then unassigns); a
     * non-null {@code dueAt} reschedules; {@code close} closes (reason manual) with {@code note}.
     */
    record Patch(boolean reassign, String agentId, Instant dueAt, boolean close, String note) {}

    /** One dial attempt as the history keeps it. {@code result}: answered, customer_unreached, agent_unreached. */
    record Attempt(String callId, String agentId, String result, Instant startedAt, Instant endedAt) {}

    /**
     * The open task for ({@code phone}, {@code group}) gets one more call (count, last call id); when there is
     * none, {@code task} is created. Atomic across replicas.
     */
    CompletionStage<Upserted> openOrMerge(NewTask task, Instant now);

    /** A follow-up scheduled by hand: always a task of its own. */
    CompletionStage<CallbackTask> schedule(NewTask task, Instant now);

    /**
     * Closes every open task made from calls for {@code phone} as reached (scheduled follow-ups stay: they are
     * about something else than a missed call); returns the tasks it closed.
     */
    CompletionStage<List<CallbackTask>> closeReached(String phone, String callId, Instant now);

    CompletionStage<List<CallbackTask>> list(Filter filter);

    CompletionStage<Optional<CallbackTask>> byId(String id);

    /** Empty when there is no such task; a closed task is returned unchanged (nothing to patch). */
    CompletionStage<Optional<CallbackTask>> update(String id, Patch patch, Instant now);

    /**
     * Leases up to {@code limit} open tasks due at {@code now} to {@code owner} for {@code lease}: no other
     * replica gets them until the lease ends or {@link #finishAttempt} returns them.
     */
    CompletionStage<List<CallbackTask>> claimDue(Instant now, Duration lease, String owner, int limit);

    /**
     * Records an attempt (if any) and applies what follows from it, ending the lease. Returns the task as it is
     * now, or empty when it is no longer open (closed meanwhile: reached on an inbound call, or by hand).
     */
    CompletionStage<Optional<CallbackTask>> finishAttempt(String id, String owner, Optional<Attempt> attempt,
                                                          CallbackSchedule.Next next, Instant now);

    /** The attempts made for a task, oldest first. */
    CompletionStage<List<Attempt>> attempts(String id);
}
