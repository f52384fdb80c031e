package dozvon.core.port;

import java.time.Instant;
import java.util.Objects;

/**
 * One recorded call as history shows it: the {@code calls} row, with the outcome by its wire name and times in
 * seconds (fractions kept, so averages over many calls are not biased by rounding).
 *
 * @param outcome   {@code answered}, {@code missed}, {@code abandoned}, {@code rejected} or {@code off_hours}
 * @param finalCode the SIP final response the caller got when not connected; null if answered or abandoned
 * @param answeredBy the agent who answered; null when nobody did or a plain number answered
 * @param direction {@code inbound} (a caller rang us) or {@code outbound} (an auto-dialer callback); for an
 *                  outbound call {@code caller} is the agent rung first and {@code dialed} the customer
 */
public record CallSummary(
        String callId,
        String caller,
        String dialed,
        String group,
        String outcome,
        Integer finalCode,
        String reason,
        String answeredBy,
        Instant arrivedAt,
        Instant firstRingAt,
        Instant answeredAt,
        Instant endedAt,
        Double waitSeconds,
        Double talkSeconds,
        boolean offHours,
        String direction) {

    public CallSummary {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
    }
}
