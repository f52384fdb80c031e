package dozvon.core.callback;

import dozvon.core.callback.CallbackRules.Decision;
import dozvon.core.chain.CallDirection;
import dozvon.core.chain.CallOutcome;
import dozvon.core.chain.CallRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class CallbackRulesTest {

    private final CallbackRules rules = new CallbackRules(Duration.ofSeconds(5));

    private static CallRecord call(CallOutcome outcome, Duration wait, String caller, CallDirection direction) {
        Instant at = Instant.parse("2027-02-03T08:00:00Z");
        return new CallRecord("c1", caller, "+74950000000", "sales", at, null,
                outcome == CallOutcome.ANSWERED ? at.plus(wait) : null, at.plus(wait).plusSeconds(30), outcome,
                outcome == CallOutcome.ANSWERED ? "anna" : null, wait, Duration.ZERO, outcome == CallOutcome.OFF_HOURS,
                null, null, null, direction);
    }

    private static CallRecord inbound(CallOutcome outcome, Duration wait) {
        return call(outcome, wait, "+79001234567", CallDirection.INBOUND);
    }

    @Test
    void missedOffHoursAndLongAbandonsOpenTasks() {
        assertThat(rules.onEnded(inbound(CallOutcome.MISSED, Duration.ofSeconds(30))))
                .isEqualTo(new Decision.OpenOrMerge("+79001234567", "sales", TaskReason.MISSED));
        assertThat(rules.onEnded(inbound(CallOutcome.OFF_HOURS, Duration.ZERO)))
                .isEqualTo(new Decision.OpenOrMerge("+79001234567", "sales", TaskReason.OFF_HOURS));
        assertThat(rules.onEnded(inbound(CallOutcome.ABANDONED, Duration.ofSeconds(5))))
                .isEqualTo(new Decision.OpenOrMerge("+79001234567", "sales", TaskReason.ABANDONED));
    }

    @Test
    void quickHangUpsRejectionsAndAnonymousCallersOpenNothing() {
        assertThat(rules.onEnded(inbound(CallOutcome.ABANDONED, Duration.ofMillis(4999))))
                .isInstanceOf(Decision.Ignore.class);
        assertThat(rules.onEnded(inbound(CallOutcome.REJECTED, Duration.ZERO))).isInstanceOf(Decision.Ignore.class);
        assertThat(rules.onEnded(call(CallOutcome.MISSED, Duration.ofSeconds(30), "anonymous", CallDirection.INBOUND)))
                .isInstanceOf(Decision.Ignore.class);
        assertThat(rules.onEnded(call(CallOutcome.MISSED, Duration.ofSeconds(30), "", CallDirection.INBOUND)))
                .isInstanceOf(Decision.Ignore.class);
    }

    @Test
    void anAnsweredCallReachesTheCustomerInEitherDirection() {
        assertThat(rules.onEnded(inbound(CallOutcome.ANSWERED, Duration.ofSeconds(3))))
                .isEqualTo(new Decision.CloseReached("+79001234567"));
        // outbound: the agent called the customer, whose number is the dialed one
        CallRecord out = new CallRecord("c2", "anna", "+79001234567", "sales", Instant.EPOCH, null, Instant.EPOCH,
                Instant.EPOCH, CallOutcome.ANSWERED, "anna", Duration.ZERO, Duration.ZERO, false, null, null,
                null, CallDirection.OUTBOUND);
        assertThat(rules.onEnded(out)).isEqualTo(new Decision.CloseReached("+79001234567"));
    }

    @Test
    void anUnansweredDialerAttemptOpensNoNewTask() {
        CallRecord out = new CallRecord("c2", "anna", "+79001234567", "sales", Instant.EPOCH, null, null,
                Instant.EPOCH, CallOutcome.MISSED, null, Duration.ZERO, Duration.ZERO, false, null, null,
                null, CallDirection.OUTBOUND);
        assertThat(rules.onEnded(out)).isInstanceOf(Decision.Ignore.class);
    }
}
