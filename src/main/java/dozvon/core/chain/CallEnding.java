package dozvon.core.chain;

import dozvon.core.chain.CallState.Phase;
import java.time.Duration;
import java.time.Instant;

/** Ends a call exactly once: final response if the caller is still waiting, the record, the console event. */
final class CallEnding {

    private CallEnding() {}

    /**
     * @param sipCode the final response for the caller, or null when none is due (answered: the caller got
     *                200 at connect; abandoned: the caller is gone and the edge answered their CANCEL)
     */
    static void finish(CallDraft d, CallOutcome outcome, Integer sipCode, String reason, Instant at) {
        if (d.phase == Phase.ENDED) {
            throw new IllegalStateException("call " + d.call.callId() + " ended twice");
        }
        if (sipCode != null) {
            d.emit(new CallCommand.Reject(sipCode, reason));
        }
        if (d.arrivedAt == null) {
            d.arrivedAt = at;
        }
        d.phase = Phase.ENDED;
        d.outcome = outcome;
        d.endedAt = at;
        d.pendingClaim = 0;
        d.disarmTimer();
        d.emit(new CallCommand.Record(record(d, sipCode, reason), d.legs, d.trace));
        if (d.offerPublished) {
            d.emit(new CallCommand.Publish(new ConsoleEvent.Ended(d.call.callId(), outcome)));
        }
    }

    private static CallRecord record(CallDraft d, Integer sipCode, String reason) {
        boolean answered = d.answeredAt != null;
        Duration wait = Duration.between(d.arrivedAt, answered ? d.answeredAt : d.endedAt);
        Duration talk = answered ? Duration.between(d.answeredAt, d.endedAt) : Duration.ZERO;
        String agent = d.winnerLegId == null ? null : d.leg(d.winnerLegId).map(Leg::agentId).orElse(null);
        InboundCall c = d.call;
        return new CallRecord(c.callId(), c.callerNumber(), c.dialedNumber(), c.groupId(), d.arrivedAt,
                d.firstRingAt, d.answeredAt, d.endedAt, d.outcome, agent, wait, talk, d.offHours, sipCode, reason,
                c.tracking());
    }
}
