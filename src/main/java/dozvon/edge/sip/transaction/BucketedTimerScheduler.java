package dozvon.edge.sip.transaction;

import io.vertx.core.internal.ContextInternal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Long timers gathered into buckets of one tick each, one scheduled task per bucket; short ones go straight
 * to the scheduler underneath.
 *
 * <p>Why: every UDP transaction sets a timer of 5 to 32 s (B, D, F, H, J, K, L, M); B and F are cancelled by
 * the first response, the others run out. At 500 calls a second the event loop's timer heap held some 80,000 tasks, and
 * keeping it ordered (a sift of 17 levels on every add, cancel and poll) was 4 % of the SIP loop. Here a
 * long timer is a link in its bucket's list: added and cancelled in constant time, and the heap holds one
 * task per bucket (a few hundred at most).
 *
 * <p>A bucketed timer fires at the end of its tick, so up to one tick after it is due, never before. The RFC's
 * long timers are lower bounds ("at least 32 s"); the timers that pace retransmissions (A, E, G: from 500 ms)
 * are below {@code bucketFrom} and keep their precision. Not thread-safe: one event loop, like the layer.
 */
public final class BucketedTimerScheduler implements TimerScheduler {

    /** Buckets kept in the ring; a timer further out than the ring reaches goes straight underneath. */
    private static final int SLOTS = 1024;

    private final TimerScheduler underneath;
    private final LongSupplier nanoTime;
    private final long tickNanos;
    private final long bucketFromNanos;
    private final Bucket[] ring = new Bucket[SLOTS];

    /** On an event loop, in 100 ms buckets from {@code bucketFrom}. */
    public static BucketedTimerScheduler onEventLoop(ContextInternal context, Duration bucketFrom) {
        return new BucketedTimerScheduler(new EventLoopTimerScheduler(context), System::nanoTime,
                Duration.ofMillis(100), bucketFrom);
    }

    /**
     * @param underneath runs the buckets and the short timers
     * @param nanoTime   the clock the scheduler underneath counts in
     * @param tick       the width of a bucket: the most a long timer may fire late
     * @param bucketFrom timers at least this long are bucketed
     */
    public BucketedTimerScheduler(TimerScheduler underneath, LongSupplier nanoTime, Duration tick, Duration bucketFrom) {
        if (tick.isNegative() || tick.isZero() || bucketFrom.compareTo(tick) <= 0) {
            throw new IllegalArgumentException("need 0 < tick < bucketFrom: " + tick + ", " + bucketFrom);
        }
        this.underneath = underneath;
        this.nanoTime = nanoTime;
        this.tickNanos = tick.toNanos();
        this.bucketFromNanos = bucketFrom.toNanos();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        long delayNanos = delay.toNanos();
        if (delayNanos < bucketFromNanos) {
            return underneath.schedule(delay, task);
        }
        long now = nanoTime.getAsLong();
        long tickNo = Math.floorDiv(now + delayNanos + tickNanos - 1, tickNanos); // the tick that ends at or after due
        if (tickNo - Math.floorDiv(now, tickNanos) >= SLOTS) {
            return underneath.schedule(delay, task);
        }
        int slot = (int) Math.floorMod(tickNo, (long) SLOTS);
        Bucket bucket = ring[slot];
        if (bucket == null) {
            bucket = ring[slot] = new Bucket();
        }
        if (bucket.tickNo != tickNo) {
            if (bucket.head != null) {
                // the slot still holds an earlier lap's bucket, not fired yet (a loop held up for the ring's span)
                return underneath.schedule(delay, task);
            }
            bucket.tickNo = tickNo;
            bucket.armed = false;
        }
        if (!bucket.armed) {
            bucket.armed = true;
            long fireAt = tickNo * tickNanos;
            Bucket b = bucket;
            underneath.schedule(Duration.ofNanos(Math.max(0, fireAt - now)), () -> b.fire(tickNo));
        }
        Entry e = new Entry(task);
        bucket.append(e);
        return e;
    }

    /** Timers waiting in buckets (not cancelled, not fired): for tests. */
    int bucketed() {
        int n = 0;
        for (Bucket b : ring) {
            if (b != null) {
                for (Entry e = b.head; e != null; e = e.next) {
                    n++;
                }
            }
        }
        return n;
    }

    /** One tick's timers, in the order they were set. */
    private static final class Bucket {
        long tickNo = Long.MIN_VALUE;
        /** Its task is scheduled underneath for the current {@link #tickNo}. */
        boolean armed;
        Entry head;
        Entry tail;

        void append(Entry e) {
            e.bucket = this;
            e.prev = tail;
            if (tail == null) {
                head = e;
            } else {
                tail.next = e;
            }
            tail = e;
        }

        void unlink(Entry e) {
            if (e.prev == null) {
                head = e.next;
            } else {
                e.prev.next = e.next;
            }
            if (e.next == null) {
                tail = e.prev;
            } else {
                e.next.prev = e.prev;
            }
            e.prev = e.next = null;
            e.bucket = null;
        }

        /**
         * Runs every timer of the tick. The list is taken whole first: a task may set or cancel timers, which
         * then touch other buckets, never the one running. One task that throws does not stop the rest; the
         * first failure is rethrown at the end for the loop to report.
         */
        void fire(long firedTickNo) {
            if (firedTickNo != tickNo) {
                return; // a stale run: the slot moved on to a later lap (cannot happen while a bucket is armed)
            }
            armed = false;
            Entry e = head;
            head = tail = null;
            RuntimeException failure = null;
            while (e != null) {
                Entry next = e.next;
                Runnable task = e.task;
                e.prev = e.next = null;
                e.bucket = null;
                e.task = null;
                try {
                    task.run();
                } catch (RuntimeException ex) {
                    if (failure == null) {
                        failure = ex;
                    } else {
                        failure.addSuppressed(ex);
                    }
                }
                e = next;
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** One bucketed timer; cancelling unlinks it, so a cancelled timer holds nothing until its tick. */
    private static final class Entry implements Cancellable {
        Runnable task;
        Bucket bucket;
        Entry prev;
        Entry next;

        Entry(Runnable task) {
            this.task = task;
        }

        @Override
        public void cancel() {
            if (bucket != null) {
                bucket.unlink(this);
            }
            task = null;
        }
    }
}
