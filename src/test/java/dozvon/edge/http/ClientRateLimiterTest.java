package dozvon.edge.http;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-address budget of the public tracking endpoint, on a virtual clock. */
class ClientRateLimiterTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2027-03-01T09:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void eachAddressGetsItsOwnBudgetPerMinute() {
        ManualClock clock = new ManualClock();
        ClientRateLimiter limiter = new ClientRateLimiter(3, 100, clock);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.allow("10.0.0.1")).isTrue();
        }
        assertThat(limiter.allow("10.0.0.1")).isFalse();
        assertThat(limiter.allow("10.0.0.2")).as("another address is not affected").isTrue();
        clock.now = clock.now.plusSeconds(45);
        assertThat(limiter.allow("10.0.0.1")).isFalse();
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(15);
        clock.now = clock.now.plusSeconds(15);
        assertThat(limiter.allow("10.0.0.1")).as("a new minute").isTrue();
    }

    @Test
    void theTableIsBoundedAndMakesRoomFromWindowsThatAreOver() {
        ManualClock clock = new ManualClock();
        ClientRateLimiter limiter = new ClientRateLimiter(10, 2, clock);
        assertThat(limiter.allow("a")).isTrue();
        assertThat(limiter.allow("b")).isTrue();
        assertThat(limiter.allow("c")).as("full, and no window is over").isFalse();
        clock.now = clock.now.plusSeconds(61);
        assertThat(limiter.allow("c")).isTrue();
    }
}
