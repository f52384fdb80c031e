package dozvon.core.chain;

import dozvon.core.chain.CallState.Phase;
import dozvon.core.chain.StepTrace.Consideration;
import dozvon.core.presence.AgentState;
import dozvon.core.presence.ClaimedAgent;
import dozvon.core.presence.SkipReason;
import dozvon.core.presence.SkippedAgent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a call's forwarding chain: starts a step, asks for its agents to be claimed, rings what was claimed,
 * and moves on to the next step when one is over. This is where a call rings the next manager.
 *
 * <p>Agent targets ({@code next}, {@code personal-or-next}, {@code all-free}, {@code agent:<id>}) go through a
 * claim in presence, because two calls on two replicas must never ring the same agent; the machine emits
 * {@link CallCommand.ClaimTargets} and rings once {@link CallEvent.TargetsClaimed} comes back. Number targets
 * ({@code head-mobile}, {@code number:}) are nobody's presence, so they are rung at once, without a claim.
 */
final class ChainRunner {

    private ChainRunner() {}

    /** Start step {@code index} of the route, to last {@code length}; past the last step the chain is exhausted. */
    static void startStep(CallDraft d, int index, Duration length, Instant at) {
        while (true) {
            if (index >= d.route.size()) {
                CallEnding.finish(d, d.offHours ? CallOutcome.OFF_HOURS : CallOutcome.MISSED, 480,
                        "chain exhausted", at);
                return;
            }
            d.stepIndex = index;
            d.stepDeadline = at.plus(length);
            StepTarget target = d.route.get(index).target();
            d.traceStart(target.toString(), at);
            String number = numberOf(target, d.call);
            if (target instanceof StepTarget.HeadMobile && number == null) {
                // Nothing to ring: go straight on, no waiting out a step that cannot ring.
                d.traceEnd(StepEnd.NO_NUMBER, at);
                index++;
                length = index < d.route.size() ? d.route.get(index).length() : length;
                continue;
            }
            d.armTimer(TimerId.STEP, length);
            if (number != null) {
                d.ring(LegKind.NUMBER, null, number, false, at);
            } else {
                d.pendingClaim = d.nextGeneration();
                d.emit(new CallCommand.ClaimTargets(d.call.callId(), d.call.groupId(), index, d.pendingClaim,
                        target, d.call.personalManagerId(), d.tried));
            }
            return;
        }
    }

    /** The current step is over (for {@code why}): close its trace entry and start the next one at once. */
    static void advance(CallDraft d, StepEnd why, Instant at) {
        d.traceEnd(why, at);
        int next = d.stepIndex + 1;
        Duration length = next < d.route.size() ? d.route.get(next).length() : Duration.ZERO;
        startStep(d, next, length, at);
    }

    /**
     * The claim for the current step came back: ring every agent it claimed (never one this call already
     * rang or still holds), record who was skipped and why, and end the step at once if nobody rings.
     * A claim answer that is not the one awaited is stale: whatever it claimed is released straight away.
     */
    static void onClaimed(CallDraft d, CallEvent.TargetsClaimed e) {
        boolean awaited = d.phase == Phase.ROUTING && d.pendingClaim != 0
                && e.attempt() == d.pendingClaim && e.stepIndex() == d.stepIndex;
        if (!awaited) {
            releaseUnheld(d, e.claimed());
            return;
        }
        d.pendingClaim = 0;
        List<Consideration> considered = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (ClaimedAgent agent : e.claimed()) {
            boolean duplicate = seen.contains(agent.agentId());
            seen.add(agent.agentId());
            if (duplicate || d.holds(agent.agentId())) {
                // The same claim we already have (a duplicate in the answer): nothing new to ring or release.
                considered.add(new Consideration(agent.agentId(), SkipReason.ALREADY_TRIED));
            } else if (d.tried.contains(agent.agentId())) {
                // The store should have skipped them; it claimed them anew, so give them back.
                considered.add(new Consideration(agent.agentId(), SkipReason.ALREADY_TRIED));
                d.emit(new CallCommand.ReleaseAgent(agent.agentId(), AgentState.AVAILABLE));
            } else {
                considered.add(new Consideration(agent.agentId(), null));
                d.ring(LegKind.AGENT, agent.agentId(), agent.contact(), false, e.at());
            }
        }
        for (SkippedAgent s : e.skipped()) {
            considered.add(new Consideration(s.agentId(), s.reason()));
        }
        d.traceConsider(considered);
        if (!d.hasRingingLegs()) {
            advance(d, StepEnd.NOBODY_AVAILABLE, e.at());
        }
    }

    /**
     * After a take from the screen pop failed: carry on with the interrupted step for whatever time it had
     * left (claiming afresh, so its former targets count as tried), or with the next step if none is left.
     */
    static void resume(CallDraft d, Instant at) {
        d.phase = Phase.ROUTING;
        Duration left = Duration.between(at, d.stepDeadline);
        if (left.isNegative() || left.isZero()) {
            int next = d.stepIndex + 1;
            startStep(d, next, next < d.route.size() ? d.route.get(next).length() : Duration.ZERO, at);
        } else {
            startStep(d, d.stepIndex, left, at);
        }
    }

    /** Claimed agents this call does not hold are released (a claim answered too late). */
    static void releaseUnheld(CallDraft d, List<ClaimedAgent> claimed) {
        List<String> released = new ArrayList<>();
        for (ClaimedAgent agent : claimed) {
            if (!d.holds(agent.agentId()) && !released.contains(agent.agentId())) {
                released.add(agent.agentId());
                d.emit(new CallCommand.ReleaseAgent(agent.agentId(), AgentState.AVAILABLE));
            }
        }
    }

    private static String numberOf(StepTarget target, InboundCall call) {
        if (target instanceof StepTarget.HeadMobile) {
            return call.headMobile();
        }
        if (target instanceof StepTarget.Number n) {
            return n.e164();
        }
        return null;
    }
}
