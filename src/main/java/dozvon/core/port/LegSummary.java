package dozvon.core.port;

import java.time.Instant;
import java.util.Objects;

/**
 * One ring attempt of a recorded call (a {@code call_legs} row).
 *
 * @param legNo  position in ring order, from 0
 * @param step   the chain step that rang it, from 0
 * @param kind   {@code agent} or {@code number}
 * @param target the step target that produced it (e.g. {@code next}, {@code agent:anna})
 * @param agent  null for legs to a plain number
 * @param address the SIP contact or E.164 number rung
 * @param result {@code answered}, {@code no_answer}, {@code busy}, {@code declined}, {@code failed} or
 *               {@code cancelled}; null only if the record was written while the leg was open
 */
public record LegSummary(
        String legId,
        int legNo,
        int step,
        String kind,
        String target,
        String agent,
        String address,
        boolean autoAnswer,
        Instant startedAt,
        Instant ringingAt,
        Instant answeredAt,
        Instant endedAt,
        String result) {

    public LegSummary {
        Objects.requireNonNull(legId, "legId");
    }
}
