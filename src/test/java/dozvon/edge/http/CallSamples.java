package dozvon.edge.http;

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

/** Call records as the call machine emits them at a call's end, for the API tests. */
final class CallSamples {

    private CallSamples() {}

    /** Boris did not answer on step 0 (vera was away); anna answered on step 1 after 12 s and talked 60 s. */
    static CallCommand.Record answered(String callId, Instant at) {
        Instant ring = at.plusMillis(400);
        Instant answer = at.plusSeconds(12);
        Instant end = at.plusSeconds(72);
        CallRecord call = new CallRecord(callId, "+79160000001", "+74950000000", "sales", at, ring, answer, end,
                CallOutcome.ANSWERED, "anna", Duration.between(at, answer), Duration.between(answer, end), false,
                null, null);
        List<Leg> legs = List.of(
                new Leg(callId + "-L1", 0, LegKind.AGENT, "boris", "sip:boris@127.0.0.1:5072", false, at, ring, null,
                        at.plusSeconds(10), LegResult.NO_ANSWER),
                new Leg(callId + "-L2", 1, LegKind.AGENT, "anna", "sip:anna@127.0.0.1:5071", false,
                        at.plusSeconds(10), at.plusSeconds(11), answer, end, LegResult.ANSWERED));
        List<StepTrace> trace = List.of(
                new StepTrace(0, "personal-or-next", at,
                        List.of(new StepTrace.Consideration("vera", SkipReason.AWAY),
                                new StepTrace.Consideration("boris", null)),
                        List.of(callId + "-L1"), at.plusSeconds(10), StepEnd.TIMED_OUT),
                new StepTrace(1, "next", at.plusSeconds(10),
                        List.of(new StepTrace.Consideration("anna", null)),
                        List.of(callId + "-L2"), answer, StepEnd.ANSWERED));
        return new CallCommand.Record(call, legs, trace);
    }

    /** A blacklisted caller: 603 at once, no legs, no trace. */
    static CallCommand.Record rejected(String callId, Instant at) {
        CallRecord call = new CallRecord(callId, "+79990000000", "+74950000000", "sales", at, null, null, at,
                CallOutcome.REJECTED, null, Duration.ZERO, Duration.ZERO, false, 603, "blacklisted");
        return new CallCommand.Record(call, List.of(), List.of());
    }
}
