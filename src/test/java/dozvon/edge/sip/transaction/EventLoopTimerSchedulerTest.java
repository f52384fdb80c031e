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

/** The only test here on real time: a few milliseconds, to check the adapter, not the RFC timers. */
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
}
