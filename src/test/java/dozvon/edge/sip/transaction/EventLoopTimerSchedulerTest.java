package dozvon.edge.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The only tests here on real time: well under a second, to check the adapters, not the RFC timers. */
@ExtendWith(VertxExtension.class)
class EventLoopTimerSchedulerTest {

    @Test
    void runsOnTheSipContextsThreadAndHonoursCancel(Vertx vertx, VertxTestContext test) {
        ContextInternal sip = ((VertxInternal) vertx).createEventLoopContext();
        sip.runOnContext(v -> {
            TimerScheduler scheduler = new EventLoopTimerScheduler(sip);
            Thread loop = Thread.currentThread();
            AtomicBoolean cancelledRan = new AtomicBoolean();
            scheduler.schedule(Duration.ofMillis(1), () -> cancelledRan.set(true)).cancel();
            scheduler.schedule(Duration.ZERO, () -> test.verify(() -> {
                assertThat(Thread.currentThread()).isSameAs(loop);
                assertThat(Vertx.currentContext()).as("Vert.x calls made from a timer stay on this context").isSameAs(sip);
            }));
            scheduler.schedule(Duration.ofMillis(5), () -> test.verify(() -> {
                assertThat(cancelledRan).isFalse();
                assertThat(Thread.currentThread()).isSameAs(loop);
                test.completeNow();
            }));
        });
    }

    /** The same for the buckets the SIP edge puts its long timers in (here from 150 ms, to keep it short). */
    @Test
    void bucketedTimersRunOnTheSipContextsThreadInTheOrderSetAndHonourCancel(Vertx vertx, VertxTestContext test) {
        ContextInternal sip = ((VertxInternal) vertx).createEventLoopContext();
        sip.runOnContext(v -> {
            BucketedTimerScheduler scheduler = BucketedTimerScheduler.onEventLoop(sip, Duration.ofMillis(150));
            Thread loop = Thread.currentThread();
            java.util.List<String> ran = new java.util.ArrayList<>();
            scheduler.schedule(Duration.ofMillis(200), () -> ran.add("first"));
            scheduler.schedule(Duration.ofMillis(200), () -> ran.add("cancelled")).cancel();
            scheduler.schedule(Duration.ofMillis(200), () -> ran.add("second"));
            assertThat(scheduler.bucketed()).isEqualTo(2);
            scheduler.schedule(Duration.ofMillis(500), () -> test.verify(() -> {
                assertThat(ran).containsExactly("first", "second");
                assertThat(Thread.currentThread()).isSameAs(loop);
                assertThat(Vertx.currentContext()).isSameAs(sip);
                assertThat(scheduler.bucketed()).isZero();
                test.completeNow();
            }));
        });
    }
}
