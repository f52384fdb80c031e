package dozvon.edge.sip.transaction;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A {@link TimerScheduler} on virtual time: nothing runs until {@link #advance}, which fires due tasks
 * in time order (ties in scheduling order), moving "now" to each task's time before running it, so
 * tasks scheduled by tasks also fire when they fall inside the step.
 */
final class VirtualClock implements TimerScheduler {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nowMillis;
    private long sequence;

    private final class Task implements Comparable<Task>, Cancellable {
        final long dueMillis;
        final long order = sequence++;
        final Runnable action;
        boolean cancelled;

        Task(long dueMillis, Runnable action) {
            this.dueMillis = dueMillis;
            this.action = action;
        }

        @Override
        public int compareTo(Task o) {
            int byTime = Long.compare(dueMillis, o.dueMillis);
            return byTime != 0 ? byTime : Long.compare(order, o.order);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(nowMillis + delay.toMillis(), task);
        queue.add(t);
        return t;
    }

    void advance(Duration step) {
        long target = nowMillis + step.toMillis();
        while (!queue.isEmpty() && queue.peek().dueMillis <= target) {
            Task t = queue.poll();
            if (!t.cancelled) {
                nowMillis = t.dueMillis;
                t.action.run();
            }
        }
        nowMillis = target;
    }

    void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    long nowMillis() {
        return nowMillis;
    }

    /** Tasks still waiting and not cancelled. */
    long pending() {
        return queue.stream().filter(t -> !t.cancelled).count();
    }
}
