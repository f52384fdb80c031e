package dozvon.core.report;

import dozvon.core.chain.CallOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Calls that arrived within one quarter of an hour (UTC-aligned), of one outcome, with waits below the
 * short-abandon threshold or not: what the store aggregates so a year of calls reaches the heatmap as at most
 * ~35 000 × 10 rows. A quarter hour because every zone in use today is offset from UTC by a multiple of 15
 * minutes (India +5:30, Nepal +5:45), so a bucket never straddles two local hours.
 */
public record ArrivalBucket(Instant start, CallOutcome outcome, boolean shortWait, long calls) {

    public static final Duration WIDTH = Duration.ofMinutes(15);

    public ArrivalBucket {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(outcome, "outcome");
        if (calls < 0) {
            throw new IllegalArgumentException("calls must not be negative");
        }
    }
}
