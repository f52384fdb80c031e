package dozvon.core.chain;

import java.time.Instant;
import java.util.Objects;

/**
 * One ring attempt of a call, and later its {@code call_legs} row. A leg is open while {@code result} is null:
 * ringing (before an answer) or talking (the winner, after {@code answeredAt}).
 *
 * @param stepIndex  the chain step that rang it (for a take from the screen pop: the step it interrupted)
 * @param agentId    null for {@link LegKind#NUMBER} legs
 * @param address    the agent's SIP contact or the E.164 number dialled
 * @param autoAnswer true for a leg to an agent who took the call from the screen pop
 */
public record Leg(
        String legId,
        int stepIndex,
        LegKind kind,
        String agentId,
        String address,
        boolean autoAnswer,
        Instant startedAt,
        Instant ringingAt,
        Instant answeredAt,
        Instant endedAt,
        LegResult result) {

    public Leg {
        Objects.requireNonNull(legId, "legId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    static Leg started(String legId, int stepIndex, LegKind kind, String agentId, String address,
                       boolean autoAnswer, Instant at) {
        return new Leg(legId, stepIndex, kind, agentId, address, autoAnswer, at, null, null, null, null);
    }

    public boolean open() { return result == null; }

    /** Open and not answered: an INVITE still waiting for its final response. */
    public boolean ringing() { return result == null && answeredAt == null; }

    public boolean isAgent() { return kind == LegKind.AGENT; }

    /** The target as the routing trace and the records show it: {@code agent:<id>} or {@code number:<e164>}. */
    public String targetLabel() { return isAgent() ? "agent:" + agentId : "number:" + address; }

    Leg ringingAt(Instant at) { return ringingAt != null ? this : withTimes(at, answeredAt, endedAt, result); }

    Leg answered(Instant at) { return withTimes(ringingAt, at, endedAt, result); }

    Leg ended(LegResult r, Instant at) { return withTimes(ringingAt, answeredAt, at, r); }

    private Leg withTimes(Instant ring, Instant answer, Instant end, LegResult r) {
        return new Leg(legId, stepIndex, kind, agentId, address, autoAnswer, startedAt, ring, answer, end, r);
    }
}
