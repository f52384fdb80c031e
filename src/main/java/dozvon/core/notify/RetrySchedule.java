package dozvon.core.notify;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When a failed delivery is tried again: {@code first}, doubling after each failure up to {@code max}, with
 * "equal jitter" (the delay is drawn between half and all of that), so that the deliveries a receiver's outage
 * piled up do not all come back in the same second. After {@code maxAttempts} tries the delivery has failed.
 */
public record RetrySchedule(Duration first, Duration max, int maxAttempts) {

    public RetrySchedule {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("need 0 < first <= max and maxAttempts >= 1");
        }
    }

    /** True once a delivery that has been tried {@code attempts} times may not be tried again. */
    public boolean exhausted(int attempts) {
        return attempts >= maxAttempts;
    }

    /**
     * The wait after the {@code attempts}-th failed try (1 = the first).
     *
     * @param random a uniform draw in [0, 1), passed in so tests can pin it
     */
    public Duration delayAfter(int attempts, DoubleSupplier random) {
        Duration ceiling = first;
        for (int i = 1; i < attempts && ceiling.compareTo(max) < 0; i++) {
            ceiling = ceiling.multipliedBy(2);
        }
        if (ceiling.compareTo(max) > 0) {
            ceiling = max;
        }
        long ceilingMillis = ceiling.toMillis();
        long half = ceilingMillis / 2;
        double draw = Math.min(Math.max(random.getAsDouble(), 0.0), 1.0);
        return Duration.ofMillis(half + (long) ((ceilingMillis - half) * draw));
    }
}
