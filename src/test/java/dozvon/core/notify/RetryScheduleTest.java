package dozvon.core.notify;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryScheduleTest {

    private final RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1), 6);

    @Test
    void doublesFromTheFirstDelayAndStopsAtTheCeiling() {
        // with the top draw (1.0, the upper bound) the delay is the full ceiling: 10 s, 20 s, 40 s, ... capped at 1 h
        assertThat(schedule.delayAfter(1, () -> 1.0)).isEqualTo(Duration.ofSeconds(10));
        assertThat(schedule.delayAfter(2, () -> 1.0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(schedule.delayAfter(3, () -> 1.0)).isEqualTo(Duration.ofSeconds(40));
        assertThat(schedule.delayAfter(9, () -> 1.0)).isEqualTo(Duration.ofSeconds(2560));
        assertThat(schedule.delayAfter(10, () -> 1.0)).isEqualTo(Duration.ofHours(1));
        assertThat(schedule.delayAfter(500, () -> 1.0)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jitterKeepsAtLeastHalfTheCeiling() {
        assertThat(schedule.delayAfter(1, () -> 0.0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.delayAfter(3, () -> 0.0)).isEqualTo(Duration.ofSeconds(20));
        assertThat(schedule.delayAfter(3, () -> 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(schedule.delayAfter(500, () -> 0.0)).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void spreadsRetriesOfTheSameAttemptApart() {
        java.util.Random random = new java.util.Random(42);
        java.util.Set<Duration> delays = new java.util.HashSet<>();
        for (int i = 0; i < 100; i++) {
            Duration d = schedule.delayAfter(4, random::nextDouble);
            assertThat(d).isBetween(Duration.ofSeconds(40), Duration.ofSeconds(80));
            delays.add(d);
        }
        assertThat(delays).hasSizeGreaterThan(90);
    }

    @Test
    void exhaustedAfterMaxAttempts() {
        assertThat(schedule.exhausted(5)).isFalse();
        assertThat(schedule.exhausted(6)).isTrue();
        assertThat(new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(1), 1).exhausted(1)).isTrue();
    }

    @Test
    void refusesASenselessSchedule() {
        assertThatThrownBy(() -> new RetrySchedule(Duration.ZERO, Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(10), Duration.ofSeconds(5), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(5), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
