package dozvon.core.chain;

import dozvon.core.presence.AgentState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the shell must do after a transition, in the order given. None of them returns anything to the machine
 * directly; results come back as {@link CallEvent}s.
 */
public sealed interface CallCommand {

    /**
     * Claim agents for a step in presence ({@code PresenceStore.claim}) and feed back
     * {@link CallEvent.TargetsClaimed} with the same {@code stepIndex} and {@code attempt}, also when nobody
     * could be claimed and also when the claim itself failed (then with empty lists).
     * Only agent targets are claimed: {@code next}, {@code personal-or-next}, {@code all-free}, {@code agent:<id>}.
     * Number targets ({@code head-mobile}, {@code number:}) need no claim; the machine rings them directly.
     *
     * @param personalManagerId the caller's manager, for {@code personal-or-next}; may be null
     * @param alreadyTried      agents this call rang before; the store must skip them ({@code already_tried})
     */
    record ClaimTargets(String callId, String groupId, int stepIndex, long attempt, StepTarget target,
                        String personalManagerId, List<String> alreadyTried) implements CallCommand {
        public ClaimTargets {
            alreadyTried = List.copyOf(alreadyTried);
        }
    }

    /**
     * Send an INVITE for a new leg. {@code address} is the agent's SIP contact or the E.164 number to dial
     * through the trunk. {@code autoAnswer} asks the phone to pick up at once ({@code Call-Info: answer-after=0}).
     * Report 180 as {@link CallEvent.LegRinging}, 200 as {@link CallEvent.LegAnswered} (after ACKing it),
     * failures as {@link CallEvent.LegFailed}.
     */
    record RingLeg(String legId, LegKind kind, String agentId, String address, boolean autoAnswer,
                   String callerNumber) implements CallCommand {}

    /** CANCEL a leg that has not answered. If its 200 crosses the CANCEL, the machine will say {@link HangUpLeg}. */
    record CancelLeg(String legId) implements CallCommand {}

    /** The leg answered but lost (or the call is gone): the edge has ACKed it; now send BYE. */
    record HangUpLeg(String legId) implements CallCommand {}

    /** Answer the caller (200 OK with this leg's SDP) and bridge the two dialogs. */
    record Connect(String legId) implements CallCommand {}

    /** Send 180 Ringing to the caller; emitted at most once per call. */
    record SendRinging() implements CallCommand {}

    /** Send this final response to the caller. */
    record Reject(int sipCode, String reason) implements CallCommand {}

    /**
     * Fire {@link CallEvent.TimerFired} with this id and generation after {@code after}. Timers are never
     * cancelled explicitly: a later arming makes the earlier one stale, so the shell may drop it or let it fire.
     */
    record StartTimer(TimerId timerId, long generation, Duration after) implements CallCommand {}

    /** Return an agent this call held: to available (leg over) or wrap_up (after a call they talked on). */
    record ReleaseAgent(String agentId, AgentState to) implements CallCommand {
        public ReleaseAgent {
            Objects.requireNonNull(agentId, "agentId");
            if (to != AgentState.AVAILABLE && to != AgentState.WRAP_UP) {
                throw new IllegalArgumentException("an agent is released to available or wrap_up, not " + to);
            }
        }
    }

    /** The agent answered: ringing → on_call in presence. */
    record MarkOnCall(String agentId) implements CallCommand {}

    /** Store the ended call, its legs and its routing trace ({@code CallRecords.write}); emitted once per call. */
    record Record(CallRecord call, List<Leg> legs, List<StepTrace> trace) implements CallCommand {
        public Record {
            legs = List.copyOf(legs);
            trace = List.copyOf(trace);
        }
    }

    /** Tell the agent consoles. */
    record Publish(ConsoleEvent event) implements CallCommand {}
}
