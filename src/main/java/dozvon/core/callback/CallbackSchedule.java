package dozvon.core.callback;

import dozvon.core.hours.WorkingHours;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * When a task is due: now while the group is open, else when it next opens, spread over the first minutes after
 * opening so that a night's worth of tasks does not ring every manager in the opening minute. Retries follow
 * the ladder {@code callbacks.retryAfterMinutes} and also wait for opening hours.
 */
public final class CallbackSchedule {

    /**
     * @param retryAfter delay before attempt n+1 is {@code retryAfter[min(n, size-1)]}: the first entry delays the
     *                   first attempt, the last one repeats while {@code maxAttempts} allows more
     * @param spread     tasks that wait for an opening are spread over this window after it (zero: all at opening)
     * @param agentRetry how soon a task is tried again when no agent answered (no customer attempt used)
     */
    public record Settings(List<Duration> retryAfter, int maxAttempts, Duration spread, Duration agentRetry) {
        public Settings {
            retryAfter = List.copyOf(retryAfter);
            if (retryAfter.isEmpty()) {
                throw new IllegalArgumentException("the retry ladder needs at least one step");
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            Objects.requireNonNull(spread, "spread");
            Objects.requireNonNull(agentRetry, "agentRetry");
        }
    }

    /** How one dial attempt ended, as far as the task cares. */
    public enum AttemptResult {
        /** The customer answered and talked to the agent. */
        CUSTOMER_ANSWERED,
        /** The customer's phone was rung and was busy, did not answer or failed: one attempt used. */
        CUSTOMER_UNREACHED,
        /** No agent was free, or the agent's phone did not answer: the customer was never rung. */
        NO_AGENT
    }

    /** What to do with a task after an attempt. */
    public sealed interface Next {
        /** Dial again at {@code dueAt}; {@code attempts} is the new count of customer attempts. */
        record Retry(Instant dueAt, int attempts) implements Next {}

        /** The task is done. */
        record Close(CloseReason reason, int attempts) implements Next {}
    }

    private final Settings settings;

    public CallbackSchedule(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Settings settings() {
        return settings;
    }

    /** When a new task made at {@code now} is first due; {@code spreadKey} (the task id) places it in the window. */
    public Instant firstDue(Instant now, WorkingHours hours, String spreadKey) {
        return whenOpen(now.plus(settings.retryAfter().get(0)), hours, spreadKey);
    }

    /**
     * {@code candidate} itself when the group is open then; else its next opening plus the task's place in the
     * spread window (kept only while the group is still open at that moment, so a short opening is not missed).
     * A group that never opens again (every day closed for a year) gets {@code candidate}: better a call at an odd
     * hour than a task that never comes due.
     */
    public Instant whenOpen(Instant candidate, WorkingHours hours, String spreadKey) {
        if (hours.isOpen(candidate)) {
            return candidate;
        }
        return hours.nextOpening(candidate).map(opening -> {
            Instant spread = opening.plus(offsetInWindow(spreadKey));
            return hours.isOpen(spread) ? spread : opening;
        }).orElse(candidate);
    }

    /** After an attempt ended at {@code now}: retry (per the ladder, inside opening hours) or close. */
    public Next afterAttempt(CallbackTask task, AttemptResult result, Instant now, WorkingHours hours) {
        switch (result) {
            case CUSTOMER_ANSWERED:
                return new Next.Close(CloseReason.REACHED, task.attempts() + 1);
            case NO_AGENT:
                return new Next.Retry(whenOpen(now.plus(settings.agentRetry()), hours, task.id()), task.attempts());
            case CUSTOMER_UNREACHED:
            default:
                int made = task.attempts() + 1;
                if (made >= settings.maxAttempts()) {
                    return new Next.Close(CloseReason.UNREACHED, made);
                }
                Duration wait = settings.retryAfter().get(Math.min(made, settings.retryAfter().size() - 1));
                return new Next.Retry(whenOpen(now.plus(wait), hours, task.id()), made);
        }
    }

    /**
     * A stable place in the spread window, to the second, from the key's hash: the same task always lands on
     * the same second (every replica agrees, a restart changes nothing) and many tasks scatter evenly.
     */
    Duration offsetInWindow(String key) {
        long seconds = settings.spread().toSeconds();
        if (seconds <= 0 || key == null) {
            return Duration.ZERO;
        }
        long h = key.hashCode() * 0x9E3779B97F4A7C15L; // spread nearby hash codes (ids differ in a few chars)
        h ^= (h >>> 29);
        return Duration.ofSeconds(Math.floorMod(h, seconds));
    }
}
