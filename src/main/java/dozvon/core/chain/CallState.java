package dozvon.core.chain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything the machine knows about one call, immutable. Only {@link CallMachine} makes new ones; the shell
 * keeps the latest and hands it back with the next event.
 *
 * @param route           the chain being run: the group's chain, or its off-hours chain
 * @param stepIndex       index into {@code route} of the current step; -1 before the first
 * @param stepDeadline    when the current step's time is up (kept so a failed take can resume the rest of it)
 * @param pendingClaim    the attempt number of the claim awaited, 0 when none is
 * @param armedTimer      the one timer that counts, null when none does
 * @param generation      the last generation handed out, to timers and claim attempts alike
 * @param tried           every agent rung on this call so far, in order (sent as {@code alreadyTried})
 * @param takeLegId       the leg to an agent who took the call from the screen pop, if any
 * @param winnerLegId     the leg that answered, if any
 * @param offerPublished  the consoles were told about the call (so they must be told when it ends)
 */
public record CallState(
        InboundCall call,
        Phase phase,
        boolean offHours,
        List<ChainStep> route,
        int stepIndex,
        Instant stepDeadline,
        long pendingClaim,
        TimerId armedTimer,
        long armedGeneration,
        long generation,
        int legCount,
        List<Leg> legs,
        List<String> tried,
        String takeLegId,
        String winnerLegId,
        boolean ringingSent,
        boolean offerPublished,
        Instant arrivedAt,
        Instant firstRingAt,
        Instant answeredAt,
        Instant endedAt,
        CallOutcome outcome,
        List<StepTrace> trace) {

    /** Where a call is in its life. */
    public enum Phase {
        /** Created, not yet offered or refused. */
        NEW,
        /** Running the chain: claiming or ringing the current step's targets. */
        ROUTING,
        /** An agent took the call from the screen pop; only their auto-answer leg rings. */
        TAKING,
        /** A leg answered; caller and leg are bridged. */
        CONNECTED,
        /** Over, recorded; only stragglers arrive now (late 200s get a BYE, late claims are released). */
        ENDED
    }

    public CallState {
        route = List.copyOf(route);
        legs = List.copyOf(legs);
        tried = List.copyOf(tried);
        trace = List.copyOf(trace);
    }

    static CallState created(InboundCall call) {
        return new CallState(call, Phase.NEW, false, List.of(), -1, null, 0, null, 0, 0, 0, List.of(), List.of(),
                null, null, false, false, null, null, null, null, null, List.of());
    }

    public Optional<Leg> leg(String legId) {
        return legs.stream().filter(l -> l.legId().equals(legId)).findFirst();
    }

    public List<Leg> openLegs() {
        return legs.stream().filter(Leg::open).toList();
    }

    /** Agents this call holds a claim on right now: those with an open leg (ringing or talking). */
    public List<String> heldAgents() {
        return legs.stream().filter(l -> l.open() && l.isAgent()).map(Leg::agentId).toList();
    }

    public boolean ended() { return phase == Phase.ENDED; }
}
