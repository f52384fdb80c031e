package dozvon.edge.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Long timers in 100 ms buckets over a virtual clock: never early, at most one tick late, cancel honoured. */
class BucketedTimerSchedulerTest {

    private static final long TICK_MS = 100;

    private final VirtualClock clock = new VirtualClock();
    private final BucketedTimerScheduler timers = new BucketedTimerScheduler(clock, () -> clock.nowMillis() * 1_000_000L, Duration.ofMillis(TICK_MS),
            Duration.ofSeconds(5));

    @Test
    void aLongTimerFiresAtTheEndOfItsTickNeverBefore() {
        clock.advanceMillis(37);
        List<Long> firedAt = new ArrayList<>();
        timers.schedule(Duration.ofSeconds(32), () -> firedAt.add(clock.nowMillis()));

        clock.advanceMillis(32_000); // due at 32,037
        assertThat(firedAt).isEmpty();
        clock.advanceMillis(62); // 32,099
        assertThat(firedAt).isEmpty();
        clock.advanceMillis(1);
        assertThat(firedAt).containsExactly(32_100L);
    }

    @Test
    void aTimerDueOnATickBoundaryFiresOnTime() {
        List<Long> firedAt = new ArrayList<>();
        timers.schedule(Duration.ofSeconds(5), () -> firedAt.add(clock.nowMillis()));
        clock.advanceMillis(5_000);
        assertThat(firedAt).containsExactly(5_000L);
    }

    @Test
    void shortTimersKeepTheirPrecisionUnderneath() {
        clock.advanceMillis(37);
        List<Long> firedAt = new ArrayList<>();
        timers.schedule(Duration.ofMillis(500), () -> firedAt.add(clock.nowMillis()));
        timers.schedule(Duration.ofMillis(4_000), () -> firedAt.add(clock.nowMillis()));
        assertThat(timers.bucketed()).isZero();
        clock.advanceMillis(10_000);
        assertThat(firedAt).containsExactly(537L, 4_037L);
    }

    @Test
    void timersOfOneTickShareOneTaskUnderneathAndRunInTheOrderSet() {
        clock.advanceMillis(1); // due 32,001 to 32,090: all in the tick that ends at 32,100
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            int n = i;
            timers.schedule(Duration.ofMillis(32_000 + (i % 90)), () -> order.add(n));
        }
        assertThat(clock.pending()).isEqualTo(1);
        assertThat(timers.bucketed()).isEqualTo(1_000);
        clock.advanceMillis(32_100);
        assertThat(order).hasSize(1_000).isSorted();
        assertThat(timers.bucketed()).isZero();
    }

    @Test
    void aCancelledTimerNeverRunsAndIsLetGoAtOnce() {
        List<String> ran = new ArrayList<>();
        TimerScheduler.Cancellable first = timers.schedule(Duration.ofSeconds(32), () -> ran.add("first"));
        TimerScheduler.Cancellable middle = timers.schedule(Duration.ofSeconds(32), () -> ran.add("middle"));
        timers.schedule(Duration.ofSeconds(32), () -> ran.add("last"));
        middle.cancel();
        first.cancel();
        first.cancel(); // twice does nothing
        assertThat(timers.bucketed()).isEqualTo(1);
        clock.advanceMillis(40_000);
        assertThat(ran).containsExactly("last");
    }

    @Test
    void aTickWhoseTimersWereAllCancelledKeepsItsOneTaskForTheNextTimerSetInIt() {
        List<String> ran = new ArrayList<>();
        timers.schedule(Duration.ofSeconds(32), () -> ran.add("cancelled")).cancel();
        timers.schedule(Duration.ofSeconds(32), () -> ran.add("kept"));
        assertThat(clock.pending()).isEqualTo(1);
        clock.advanceMillis(32_000);
        assertThat(ran).containsExactly("kept");
    }

    @Test
    void cancellingAfterItRanDoesNothing() {
        List<String> ran = new ArrayList<>();
        TimerScheduler.Cancellable t = timers.schedule(Duration.ofSeconds(5), () -> ran.add("once"));
        clock.advanceMillis(5_000);
        t.cancel();
        timers.schedule(Duration.ofSeconds(5), () -> ran.add("next"));
        clock.advanceMillis(5_000);
        assertThat(ran).containsExactly("once", "next");
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheRestOfItsTick() {
        List<String> ran = new ArrayList<>();
        timers.schedule(Duration.ofSeconds(32), () -> ran.add("before"));
        timers.schedule(Duration.ofSeconds(32), () -> {
            throw new IllegalStateException("boom");
        });
        timers.schedule(Duration.ofSeconds(32), () -> ran.add("after"));
        assertThatThrownBy(() -> clock.advanceMillis(32_000)).isInstanceOf(IllegalStateException.class)
                .hasMessage("boom");
        assertThat(ran).containsExactly("before", "after");
    }

    @Test
    void aTaskMaySetTheNextLongTimer() {
        List<Long> firedAt = new ArrayList<>();
        timers.schedule(Duration.ofSeconds(32), () -> {
            firedAt.add(clock.nowMillis());
            timers.schedule(Duration.ofSeconds(32), () -> firedAt.add(clock.nowMillis()));
        });
        clock.advanceMillis(70_000);
        assertThat(firedAt).containsExactly(32_000L, 64_000L);
    }

    @Test
    void timersBeyondTheRingGoUnderneathExactly() {
        clock.advanceMillis(37);
        List<Long> firedAt = new ArrayList<>();
        timers.schedule(Duration.ofSeconds(200), () -> firedAt.add(clock.nowMillis()));
        assertThat(timers.bucketed()).isZero();
        clock.advanceMillis(200_000);
        assertThat(firedAt).containsExactly(200_037L);
    }

    @Test
    void aSlotStillHoldingAnEarlierLapsTimersIsNotMixedWithTheNextLap() {
        // underneath, a loop that is held up: its tasks run only when told, and its clock reads what we set
        record Task(long delayMillis, Runnable run) {}
        List<Task> underneath = new ArrayList<>();
        AtomicLong now = new AtomicLong();
        BucketedTimerScheduler held = new BucketedTimerScheduler((delay, task) -> {
            underneath.add(new Task(delay.toMillis(), task));
            return () -> { };
        }, () -> now.get() * 1_000_000L, Duration.ofMillis(TICK_MS), Duration.ofSeconds(5));
        List<String> ran = new ArrayList<>();

        held.schedule(Duration.ofSeconds(10), () -> ran.add("lap 1")); // the bucket of the tick ending at 10 s
        now.set(102_400); // one ring later, and that bucket has not run: the next lap's 10 s lands in its slot
        held.schedule(Duration.ofSeconds(10), () -> ran.add("lap 2"));

        assertThat(underneath).hasSize(2);
        underneath.get(0).run().run(); // the lap-1 bucket, 92 s late
        assertThat(ran).containsExactly("lap 1");
        assertThat(underneath.get(1).delayMillis()).isEqualTo(10_000);
        underneath.get(1).run().run();
        assertThat(ran).containsExactly("lap 1", "lap 2");
    }

    /** An operation of the property: set a timer of so many ms, cancel the n-th set so far, or let time pass. */
    private record Op(int kind, int value) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> set = Arbitraries.integers().between(100, 120_000).map(ms -> new Op(0, ms));
        Arbitrary<Op> cancel = Arbitraries.integers().between(0, 200).map(n -> new Op(1, n));
        Arbitrary<Op> pass = Arbitraries.integers().between(0, 7_000).map(ms -> new Op(2, ms));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, set), net.jqwik.api.Tuple.of(2, cancel), net.jqwik.api.Tuple.of(3, pass))
                .list().ofMaxSize(200);
    }

    @Property(tries = 500)
    void everyTimerNotCancelledFiresOnceWithinOneTickOfDueAndNoCancelledOneFires(@ForAll("ops") List<Op> ops) {
        VirtualClock vc = new VirtualClock();
        BucketedTimerScheduler t = new BucketedTimerScheduler(vc, () -> vc.nowMillis() * 1_000_000L,
                Duration.ofMillis(TICK_MS), Duration.ofSeconds(5));
        List<long[]> set = new ArrayList<>(); // {due, firedAt (-1), cancelled (0/1), times fired}
        List<TimerScheduler.Cancellable> handles = new ArrayList<>();
        for (Op op : ops) {
            switch (op.kind()) {
                case 0 -> {
                    long[] rec = {vc.nowMillis() + op.value(), -1, 0, 0};
                    set.add(rec);
                    handles.add(t.schedule(Duration.ofMillis(op.value()), () -> {
                        rec[1] = vc.nowMillis();
                        rec[3]++;
                    }));
                }
                case 1 -> {
                    if (!set.isEmpty()) {
                        int i = op.value() % set.size();
                        if (set.get(i)[3] == 0) {
                            set.get(i)[2] = 1;
                        }
                        handles.get(i).cancel();
                    }
                }
                default -> vc.advanceMillis(op.value());
            }
        }
        vc.advanceMillis(300_000);
        for (long[] rec : set) {
            if (rec[2] == 1) {
                assertThat(rec[3]).as("a timer cancelled before it was due ran").isZero();
            } else {
                assertThat(rec[3]).as("runs").isEqualTo(1);
                assertThat(rec[1]).as("fired at, due %d", rec[0]).isBetween(rec[0], rec[0] + TICK_MS - 1);
            }
        }
        assertThat(t.bucketed()).isZero();
        assertThat(vc.pending()).isZero();
    }
}
