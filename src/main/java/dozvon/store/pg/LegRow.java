package dozvon.store.pg;

import java.time.Instant;

/** One {@code call_legs} row: a ring attempt of a call. */
public record LegRow(
        String legId,
        int legNo,
        int stepNo,
        String kind,
        String target,
        String agentId,
        String address,
        boolean autoAnswer,
        Instant startedAt,
        Instant ringingAt,
        Instant answeredAt,
        Instant endedAt,
        String result) {}
