package dozvon.store.pg;

import java.time.Instant;

/** One {@code calls} row as the HTTP API lists it (wire names for the outcome, seconds as numbers). */
public record CallRow(
        String callId,
        String caller,
        String dialed,
        String groupId,
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
        boolean offHours) {}
