package dozvon.core.callback;

import dozvon.core.chain.CallCommand;
import dozvon.core.hours.WorkingHours;
import dozvon.core.port.CallOutcomeListener;
import dozvon.core.port.CallbackTasks;
import dozvon.core.port.Notification;
import dozvon.core.port.Notifier;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Keeps the book of callback tasks: every ended call opens, merges or closes tasks as {@link CallbackRules}
 * says, changes by hand and by the dialer go through here, and each task's birth and end is told to the
 * {@link Notifier} ({@code callback.created}, {@code callback.closed}, keyed by task id so a retry tells once).
 */
public final class CallbackBook implements CallOutcomeListener {

    private final CallbackTasks tasks;
    private final CallbackRules rules;
    private final CallbackSchedule schedule;
    private final Function<String, WorkingHours> hoursOfGroup;
    private final Notifier notifier;
    private final Clock clock;
    private final Supplier<String> ids;
    private final Consumer<Throwable> onError;

    /**
     * @param hoursOfGroup a group's opening hours ({@link WorkingHours#ALWAYS} for unknown groups)
     * @param onError      where failures of work nobody waits for go (ended calls are told, not asked)
     */
    public CallbackBook(CallbackTasks tasks, CallbackRules rules, CallbackSchedule schedule,
                        Function<String, WorkingHours> hoursOfGroup, Notifier notifier, Clock clock,
                        Supplier<String> ids, Consumer<Throwable> onError) {
        this.tasks = tasks;
        this.rules = rules;
        this.schedule = schedule;
        this.hoursOfGroup = hoursOfGroup;
        this.notifier = notifier;
        this.clock = clock;
        this.ids = ids;
        this.onError = onError;
    }

    public CallbackSchedule schedule() {
        return schedule;
    }

    public WorkingHours hoursOf(String groupId) {
        return hoursOfGroup.apply(groupId);
    }

    @Override
    public void ended(CallCommand.Record record) {
        onCallEnded(record).whenComplete((v, err) -> {
            if (err != null) {
                onError.accept(err);
            }
        });
    }

    /** What {@link #ended} does, for callers that wait (tests, replays). */
    public CompletionStage<Void> onCallEnded(CallCommand.Record record) {
        CallbackRules.Decision d = rules.onEnded(record.call());
        Instant now = clock.instant();
        if (d instanceof CallbackRules.Decision.OpenOrMerge open) {
            String id = ids.get();
            Instant due = schedule.firstDue(now, hoursOf(open.groupId()), id);
            var draft = new CallbackTasks.NewTask(id, open.phone(), open.groupId(), open.reason(), null, null, due,
                    record.call().callId());
            return tasks.openOrMerge(draft, now).thenCompose(u -> u.created() ? created(u.task()) : done());
        }
        if (d instanceof CallbackRules.Decision.CloseReached reached) {
            return tasks.closeReached(reached.phone(), record.call().callId(), now)
                    .thenCompose(closed -> allOf(closed.stream().map(this::closed).toList()));
        }
        return done();
    }

    /**
     * A follow-up a CRM asked for: due at {@code dueAt}, or when the group next opens if that is outside its
     * hours (a CRM batch scheduled for "tomorrow 00:00" must not ring anybody at midnight).
     */
    public CompletionStage<CallbackTask> scheduleCall(String phone, String groupId, String agentId, Instant dueAt,
                                                      String note) {
        String id = ids.get();
        Instant due = schedule.whenOpen(dueAt, hoursOf(groupId), id);
        var draft = new CallbackTasks.NewTask(id, phone, groupId, TaskReason.SCHEDULED, note, agentId, due, null);
        return tasks.schedule(draft, clock.instant()).thenCompose(t -> created(t).thenApply(v -> t));
    }

    public CompletionStage<List<CallbackTask>> list(CallbackTasks.Filter filter) {
        return tasks.list(filter);
    }

    public CompletionStage<Optional<CallbackTask>> byId(String id) {
        return tasks.byId(id);
    }

    /** The result of a change by hand: {@code applied} is false when the task was already closed. */
    public record Change(CallbackTask task, boolean applied) {}

    /** Empty when no such task; a closed task is left as it is. A close by hand is told like any other. */
    public CompletionStage<Optional<Change>> change(String id, CallbackTasks.Patch patch) {
        return tasks.byId(id).thenCompose(before -> {
            if (before.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.<Change>empty());
            }
            if (!before.get().open()) {
                return CompletableFuture.completedFuture(Optional.of(new Change(before.get(), false)));
            }
            return tasks.update(id, patch, clock.instant()).thenCompose(after -> {
                CallbackTask t = after.orElse(before.get());
                boolean applied = after.isPresent() && (after.get().open() || after.get().closeReason() == CloseReason.MANUAL);
                Optional<Change> change = Optional.of(new Change(t, applied));
                return patch.close() && applied && !t.open() ? closed(t).thenApply(v -> change)
                        : CompletableFuture.completedFuture(change);
            });
        });
    }

    /** The dialer's end of an attempt: records it, reschedules or closes, tells a close. */
    public CompletionStage<Optional<CallbackTask>> attemptEnded(CallbackTask task, String owner,
                                                                Optional<CallbackTasks.Attempt> attempt,
                                                                CallbackSchedule.AttemptResult result) {
        Instant now = clock.instant();
        CallbackSchedule.Next next = schedule.afterAttempt(task, result, now, hoursOf(task.groupId()));
        return tasks.finishAttempt(task.id(), owner, attempt, next, now).thenCompose(t ->
                t.isPresent() && !t.get().open() ? closed(t.get()).thenApply(v -> t) : CompletableFuture.completedFuture(t));
    }

    /**
     * A leased task came due while its group is closed (rescheduled by hand into the night, or the hours changed):
     * back to the queue until the group opens, no attempt made.
     */
    public CompletionStage<Optional<CallbackTask>> deferUntilOpen(CallbackTask task, String owner) {
        Instant now = clock.instant();
        Instant due = schedule.whenOpen(now, hoursOf(task.groupId()), task.id());
        return tasks.finishAttempt(task.id(), owner, Optional.empty(),
                new CallbackSchedule.Next.Retry(due, task.attempts()), now);
    }

    /** Whether the dialer may call for the group now. */
    public boolean open(String groupId) {
        return hoursOf(groupId).isOpen(clock.instant());
    }

    private CompletionStage<Void> created(CallbackTask t) {
        Map<String, Object> data = base(t);
        data.put("dueAt", t.dueAt().toString());
        data.put("calls", t.calls());
        if (t.lastCallId() != null) {
            data.put("callId", t.lastCallId());
        }
        return notifier.notify(new Notification("callback.created", "callback.created:" + t.id(), t.createdAt(), data));
    }

    /**
     * The close reason goes under {@code reason} (the notifications route on it: {@code unreached} is mailed to the
     * group's head), the task's own reason under {@code taskReason}.
     */
    private CompletionStage<Void> closed(CallbackTask t) {
        Map<String, Object> data = base(t);
        data.put("taskReason", t.reason().wire());
        data.put("reason", t.closeReason().wire());
        data.put("attempts", t.attempts());
        if (t.closeNote() != null) {
            data.put("closeNote", t.closeNote());
        }
        Instant at = t.closedAt() != null ? t.closedAt() : clock.instant();
        return notifier.notify(new Notification("callback.closed", "callback.closed:" + t.id(), at, data));
    }

    private static Map<String, Object> base(CallbackTask t) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("taskId", t.id());
        data.put("phone", t.phone());
        data.put("group", t.groupId());
        data.put("reason", t.reason().wire());
        if (t.agentId() != null) {
            data.put("agent", t.agentId());
        }
        if (t.note() != null) {
            data.put("note", t.note());
        }
        return data;
    }

    private static CompletionStage<Void> allOf(List<CompletionStage<Void>> stages) {
        return CompletableFuture.allOf(stages.stream().map(CompletionStage::toCompletableFuture)
                .toArray(CompletableFuture[]::new));
    }

    private static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }
}
