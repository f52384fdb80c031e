package dozvon.core.notify;

import dozvon.core.chain.CallCommand;
import dozvon.core.chain.CallOutcome;
import dozvon.core.chain.CallRecord;
import dozvon.core.chain.Leg;
import dozvon.core.chain.LegKind;
import dozvon.core.chain.LegResult;
import dozvon.core.port.Notification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class CallNotificationsTest {

    private static final Instant T0 = Instant.parse("2027-03-01T10:00:00Z");
    private final List<Notification> sent = new ArrayList<>();
    private final CallNotifications listener = new CallNotifications(n -> {
        sent.add(n);
        return CompletableFuture.completedFuture(null);
    }, Duration.ofSeconds(5), event -> true);

    private static CallCommand.Record call(String id, CallOutcome outcome, Duration wait, List<Leg> legs) {
        Instant end = T0.plus(wait);
        CallRecord r = new CallRecord(id, "+79001234567", "+74950000000", "sales", T0, null,
                outcome == CallOutcome.ANSWERED ? end : null, end, outcome,
                outcome == CallOutcome.ANSWERED ? "anna" : null, wait, Duration.ZERO, outcome == CallOutcome.OFF_HOURS,
                outcome == CallOutcome.MISSED ? 480 : null, outcome == CallOutcome.MISSED ? "chain exhausted" : null);
        return new CallCommand.Record(r, legs, List.of());
    }

    @Test
    void aMissedCallBecomesCallMissedKeyedByItsCallIdWithItsLegs() {
        Leg leg = new Leg("c1-L1", 0, LegKind.AGENT, "anna", "sip:anna@127.0.0.1:5071", false, T0, T0.plusSeconds(1),
                null, T0.plusSeconds(15), LegResult.NO_ANSWER);
        listener.ended(call("c1", CallOutcome.MISSED, Duration.ofSeconds(40), List.of(leg)));

        assertThat(sent).hasSize(1);
        Notification n = sent.get(0);
        assertThat(n.event()).isEqualTo("call.missed");
        assertThat(n.idempotencyKey()).isEqualTo("call.missed:c1");
        assertThat(n.occurredAt()).isEqualTo(T0.plusSeconds(40));
        assertThat(n.data()).containsEntry("callId", "c1").containsEntry("caller", "+79001234567")
                .containsEntry("dialed", "+74950000000").containsEntry("group", "sales")
                .containsEntry("outcome", "missed").containsEntry("reason", "chain exhausted")
                .containsEntry("waitSeconds", 40L).containsEntry("arrivedAt", T0.toString())
                .doesNotContainKey("answeredBy");
        assertThat(n.data().get("legs")).isEqualTo(List.of(Map.of("target", "agent:anna", "step", 0,
                "startedAt", T0.toString(), "endedAt", T0.plusSeconds(15).toString(), "result", "no_answer")));
    }

    @Test
    void offHoursAndPatientAbandonsAreMissedTooButQuickHangUpsAndRefusalsAreNot() {
        listener.ended(call("off", CallOutcome.OFF_HOURS, Duration.ofSeconds(1), List.of()));
        listener.ended(call("waited", CallOutcome.ABANDONED, Duration.ofSeconds(5), List.of()));
        listener.ended(call("misdial", CallOutcome.ABANDONED, Duration.ofMillis(4_900), List.of()));
        listener.ended(call("blocked", CallOutcome.REJECTED, Duration.ZERO, List.of()));

        assertThat(sent).extracting(Notification::idempotencyKey)
                .containsExactly("call.missed:off", "call.missed:waited");
        assertThat(sent.get(0).data()).containsEntry("outcome", "off_hours").containsEntry("offHours", true);
        assertThat(sent.get(1).data()).containsEntry("outcome", "abandoned");
    }

    @Test
    void anAnsweredCallSaysWhoAnswered() {
        listener.ended(call("a1", CallOutcome.ANSWERED, Duration.ofSeconds(8), List.of()));
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.event()).isEqualTo("call.answered");
            assertThat(n.idempotencyKey()).isEqualTo("call.answered:a1");
            assertThat(n.data()).containsEntry("answeredBy", "anna").containsEntry("legs", List.of());
        });
    }

    @Test
    void theAutoDialersAttemptsAreNotMissedCalls() {
        for (CallOutcome outcome : List.of(CallOutcome.MISSED, CallOutcome.ANSWERED)) {
            CallRecord out = new CallRecord("cb-1", "anna", "+79001234567", "sales", T0, null, null, T0.plusSeconds(30),
                    outcome, null, Duration.ofSeconds(30), Duration.ZERO, false, null, "callback t1: customer unreached",
                    null, dozvon.core.chain.CallDirection.OUTBOUND);
            assertThat(listener.notificationFor(new CallCommand.Record(out, List.of(), List.of()))).as(outcome.wire())
                    .isEmpty();
        }
    }

    @Test
    void anEventNobodyIsToldOfIsNotBuiltOrSent() {
        List<String> asked = new ArrayList<>();
        CallNotifications missedOnly = new CallNotifications(n -> {
            sent.add(n);
            return CompletableFuture.completedFuture(null);
        }, Duration.ofSeconds(5), event -> {
            asked.add(event);
            return event.equals("call.missed");
        });
        missedOnly.ended(call("a1", CallOutcome.ANSWERED, Duration.ofSeconds(3), List.of()));
        missedOnly.ended(call("m1", CallOutcome.MISSED, Duration.ofSeconds(30), List.of()));

        assertThat(asked).containsExactly("call.answered", "call.missed");
        assertThat(sent).extracting(Notification::idempotencyKey).containsExactly("call.missed:m1");
    }
}
