package dozvon.store.pg;

import dozvon.core.chain.CallCommand;
import dozvon.core.chain.CallOutcome;
import dozvon.core.chain.CallRecord;
import dozvon.core.chain.Leg;
import dozvon.core.chain.LegKind;
import dozvon.core.chain.LegResult;
import dozvon.core.chain.StepEnd;
import dozvon.core.chain.StepTrace;
import dozvon.core.presence.SkipReason;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Call records as the call machine emits them, for store tests. */
final class CallRecordSamples {

    static final Instant T0 = Instant.parse("2027-03-01T10:00:00.123Z");

    private CallRecordSamples() {}

    /** Answered by anna on the second step, after boris did not answer; head mobile never reached. */
    static CallCommand.Record answered(String callId, Instant arrivedAt) {
        Instant ring = arrivedAt.plusMillis(400);
        Instant answer = arrivedAt.plusSeconds(12);
        Instant end = arrivedAt.plusSeconds(72);
        CallRecord call = new CallRecord(callId, "+79160000001", "+74950000000", "sales", arrivedAt, ring, answer, end,
                CallOutcome.ANSWERED, "anna", Duration.between(arrivedAt, answer), Duration.between(answer, end),
                false, null, null);
        List<Leg> legs = List.of(
                new Leg(callId + "-L1", 0, LegKind.AGENT, "boris", "sip:boris@127.0.0.1:5072", false, arrivedAt,
                        ring, null, arrivedAt.plusSeconds(10), LegResult.NO_ANSWER),
                new Leg(callId + "-L2", 1, LegKind.AGENT, "anna", "sip:anna@127.0.0.1:5071", true,
                        arrivedAt.plusSeconds(10), arrivedAt.plusSeconds(11), answer, end, LegResult.ANSWERED));
        List<StepTrace> trace = List.of(
                new StepTrace(0, "personal-or-next", arrivedAt,
                        List.of(new StepTrace.Consideration("vera", SkipReason.AWAY),
                                new StepTrace.Consideration("boris", null)),
                        List.of(callId + "-L1"), arrivedAt.plusSeconds(10), StepEnd.TIMED_OUT),
                new StepTrace(1, "next", arrivedAt.plusSeconds(10),
                        List.of(new StepTrace.Consideration("boris", SkipReason.ALREADY_TRIED),
                                new StepTrace.Consideration("anna", null)),
                        List.of(callId + "-L2"), answer, StepEnd.ANSWERED));
        return new CallCommand.Record(call, legs, trace);
    }

    /** Refused by the edge before any step: no legs, no trace, a final code. */
    static CallCommand.Record rejected(String callId, Instant arrivedAt) {
        CallRecord call = new CallRecord(callId, "+79990000000", "+74950000000", "sales", arrivedAt, null, null,
                arrivedAt, CallOutcome.REJECTED, null, Duration.ZERO, Duration.ZERO, true, 603, "blacklisted");
        return new CallCommand.Record(call, List.of(), List.of());
    }
}
