package dozvon.core.chain;

import dozvon.core.presence.ClaimedAgent;
import dozvon.core.presence.SkippedAgent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What happens to a call, fed to {@link CallMachine#next}. Each event carries the instant it happened
 * (the shell reads its clock once per event), so the machine never asks for the time.
 */
public sealed interface CallEvent {

    Instant at();

    /** The edge accepted the INVITE for routing: start the chain (or the off-hours chain, or reject off hours). */
    record Offered(Instant at) implements CallEvent {}

    /**
     * The edge refused the call before routing (blacklist 603, unknown number 404, source not allowed 403,
     * malformed 400). Fed instead of {@link Offered} so that the call is recorded like every other.
     */
    record Refused(int sipCode, String reason, Instant at) implements CallEvent {}

    /**
     * The answer to a {@link CallCommand.ClaimTargets}: the agents the store moved to ringing for this call
     * and those it passed over. {@code attempt} echoes the command's, so an answer to an earlier claim is
     * recognised; its claimed agents are released at once.
     */
    record TargetsClaimed(int stepIndex, long attempt, List<ClaimedAgent> claimed, List<SkippedAgent> skipped,
                          Instant at) implements CallEvent {
        public TargetsClaimed {
            claimed = List.copyOf(claimed);
            skipped = List.copyOf(skipped);
        }
    }

    /** 180/183 on a leg. */
    record LegRinging(String legId, Instant at) implements CallEvent {}

    /** 200 OK on a leg (the edge ACKs it; the machine decides whether it wins or is hung up). */
    record LegAnswered(String legId, Instant at) implements CallEvent {}

    /** A final failure on a leg (not the 487 that answers our own CANCEL: the edge swallows those). */
    record LegFailed(String legId, LegFailure reason, Instant at) implements CallEvent {
        public LegFailed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The caller sent CANCEL (or BYE) before the call was connected; after connection it means {@link CallEnded}. */
    record CallerHungUp(Instant at) implements CallEvent {}

    /** A timer from a {@link CallCommand.StartTimer} fired. Stale generations change nothing. */
    record TimerFired(TimerId timerId, long generation, Instant at) implements CallEvent {}

    /**
     * An agent pressed "take" on the screen pop. The shell has already claimed the agent for this call
     * ({@code PresenceStore.claimForTake}); from here the machine owns that claim and releases it, even
     * when it turns the take down (the call is already connected or over, or another take is in progress).
     */
    record AgentTook(String agentId, String contact, Instant at) implements CallEvent {}

    /** BYE after the call was connected, from either side (the B2BUA has relayed it to the other side). */
    record CallEnded(Instant at) implements CallEvent {}
}
