package dozvon.core.port;

import dozvon.core.chain.CallCommand;
import dozvon.core.presence.AgentState;
import dozvon.core.presence.ClaimResult;
import dozvon.core.presence.ClaimedAgent;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Agent presence shared by all replicas (Redis in production). Every claim is atomic: an agent is claimed by
 * at most one call at a time, across replicas. A claim moves an agent from available to ringing for one call
 * id; only that call id can move it on (to on_call) or give it back (release).
 */
public interface PresenceStore {

    /**
     * Claims agents of {@code request.groupId()} for one chain step of {@code request.callId()}:
     * <ul>
     *   <li>{@code next}: the routable agent idle longest (earliest {@code since}) not in {@code alreadyTried};</li>
     *   <li>{@code personal-or-next}: the personal manager if routable and not already tried, else as {@code next};</li>
     *   <li>{@code all-free}: every routable agent of the group not already tried;</li>
     *   <li>{@code agent:<id>}: that agent, if routable and not already tried.</li>
     * </ul>
     * Agents considered and not claimed are returned as skipped with their reason (busy = ringing/on_call/
     * wrap_up for another call, away, offline (also: not reachable), already_tried, claimed_by_other_call = lost
     * a race). For {@code personal-or-next} the personal manager is always among the considered ones.
     * Never fails for "nobody free": that is an empty {@code claimed} list. Completes exceptionally only when
     * the store cannot be reached; the shell then feeds back an empty {@code TargetsClaimed}.
     */
    CompletionStage<ClaimResult> claim(CallCommand.ClaimTargets request);

    /**
     * Claims one agent who pressed "take" on the screen pop of {@code callId}: succeeds when the agent is
     * available and reachable, or already ringing for this very call (then nothing changes). Empty otherwise
     * (the console gets an error, the machine hears nothing).
     */
    CompletionStage<Optional<ClaimedAgent>> claimForTake(String callId, String agentId);

    /**
     * Gives back an agent held by {@code callId}: to available (leg over) or wrap_up (call over; the store
     * turns wrap_up into available after {@code telephony.wrapUpSeconds}). Idempotent, and a no-op when the
     * agent is no longer held by this call (e.g. its claim expired), so a late release never frees another
     * call's agent.
     */
    CompletionStage<Void> release(String callId, String agentId, AgentState to);

    /** The agent held by {@code callId} answered: ringing → on_call. No-op if not held by this call. */
    CompletionStage<Void> markOnCall(String callId, String agentId);

    /**
     * An agent (or an admin for them) sets their own state. Allowed only as {@link
     * dozvon.core.presence.PresenceRules#agentMaySet} says; completes with false (state unchanged) otherwise.
     */
    CompletionStage<Boolean> setState(String agentId, AgentState to, Instant at);
}
