package dozvon.edge.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The only test here on real time: a few milliseconds, to check the adapter, not the RFC timers. */
@ExtendWith(VertxExtension.class)
class VertxTimerSchedulerTest {

    @Test
    void runsOnTheCallersContextAndHonoursCancel(Vertx vertx, VertxTestContext test) {
        vertx.runOnContext(v -> {
            TimerScheduler scheduler = new VertxTimerScheduler(vertx);
            Thread loop = Thread.currentThread();
            AtomicBoolean cancelledRan = new AtomicBoolean();
            scheduler.schedule(Duration.ofMillis(1), () -> cancelledRan.set(true)).cancel();
            scheduler.schedule(Duration.ZERO, () -> test.verify(() -> {
                assertThat(Thread.currentThread()).isSameAs(loop);
            }));
            scheduler.schedule(Duration.ofMillis(5), () -> test.verify(() -> {
                assertThat(cancelledRan).isFalse();
                assertThat(Thread.currentThread()).isSameAs(loop);
                test.completeNow();
            }));
        });
    }
}
