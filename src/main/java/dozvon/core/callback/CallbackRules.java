package dozvon.core.callback;

import dozvon.core.chain.CallOutcome;
import dozvon.core.chain.CallRecord;

import java.time.Duration;
import java.util.Objects;

/**
 * What an ended call means for callback tasks: a call nobody answered opens a task (or joins the open one for
 * the number), a call in which the customer talked to someone closes their open tasks.
 */
public final class CallbackRules {

    /** The decision for one ended call. */
    public sealed interface Decision {
        /** Nothing to do (rejected calls, quick hang-ups, calls without a number). */
        record Ignore() implements Decision {}

        /** Open a task for the caller in the call's group, or merge into the open one. */
        record OpenOrMerge(String phone, String groupId, TaskReason reason) implements Decision {}

        /** The customer was reached: close every open task for the number. */
        record CloseReached(String phone) implements Decision {}
    }

    private final Duration shortAbandon;

    /** @param shortAbandon hang-ups quicker than this are not worth a callback (telephony.shortAbandonSeconds) */
    public CallbackRules(Duration shortAbandon) {
        this.shortAbandon = Objects.requireNonNull(shortAbandon, "shortAbandon");
    }

    public Decision onEnded(CallRecord call) {
        String phone = call.customerNumber();
        if (phone == null || phone.isBlank() || "anonymous".equalsIgnoreCase(phone)) {
            return new Decision.Ignore(); // nobody to call back
        }
        if (call.outcome() == CallOutcome.ANSWERED) {
            return new Decision.CloseReached(phone);
        }
        if (call.outbound() || call.groupId() == null) {
            return new Decision.Ignore(); // the dialer's own attempts are the dialer's to account for
        }
        switch (call.outcome()) {
            case MISSED:
                return new Decision.OpenOrMerge(phone, call.groupId(), TaskReason.MISSED);
            case OFF_HOURS:
                return new Decision.OpenOrMerge(phone, call.groupId(), TaskReason.OFF_HOURS);
            case ABANDONED:
                return call.waitTime() != null && call.waitTime().compareTo(shortAbandon) >= 0
                        ? new Decision.OpenOrMerge(phone, call.groupId(), TaskReason.ABANDONED)
                        : new Decision.Ignore();
            default:
                return new Decision.Ignore();
        }
    }
}
