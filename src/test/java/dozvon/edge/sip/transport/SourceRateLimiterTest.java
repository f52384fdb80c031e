package dozvon.edge.sip.transport;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class SourceRateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFloodingSourceSpendsItsOwnBudgetOnly() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(10, 20);
        InetAddress flooder = InetAddress.getByName("192.0.2.1");
        InetAddress phone = InetAddress.getByName("192.0.2.2");
        int passed = 0;
        for (int i = 0; i < 1000; i++) {
            if (limiter.tryAcquire(flooder, 0)) {
                passed++;
            }
        }
        assertThat(passed).isEqualTo(20); // the burst, then nothing
        assertThat(limiter.tryAcquire(phone, 0)).isTrue();
        // half a second refills five tokens at 10/s
        int later = 0;
        for (int i = 0; i < 100; i++) {
            if (limiter.tryAcquire(flooder, SECOND / 2)) {
                later++;
            }
        }
        assertThat(later).isEqualTo(5);
    }

    @Test
    void refilledBucketsAreForgotten() throws Exception {
        SourceRateLimiter limiter = new SourceRateLimiter(10, 20);
        limiter.tryAcquire(InetAddress.getByName("192.0.2.1"), 0);
        limiter.tryAcquire(InetAddress.getByName("192.0.2.2"), 0);
        limiter.evictIdle(SECOND);
        assertThat(limiter.trackedSources()).isEqualTo(2);
        limiter.evictIdle(3 * SECOND);
        assertThat(limiter.trackedSources()).isZero();
    }
}
