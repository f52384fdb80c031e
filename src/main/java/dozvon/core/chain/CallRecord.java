package dozvon.core.chain;

import dozvon.core.tracking.Attribution;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A call's {@code calls} row, written once when the call ends.
 *
 * @param firstRingAt      when the first leg reported ringing (null if none did)
 * @param answeredAt       when a leg answered (null if none)
 * @param answeringAgentId null when nobody answered or a plain number (head mobile) answered
 * @param waitTime           arrival to answer for answered calls, arrival to end otherwise
 * @param talkTime           answer to end for answered calls, zero otherwise
 * @param offHours         the call arrived outside the group's working hours
 * @param finalCode        the SIP final response the caller got when not connected (480, 403, ...); null if
 *                         answered or abandoned
 * @param reason           a short human-readable why (e.g. "chain exhausted", "blacklisted")
 * @param tracking         where the call came from ({@code calls.tracking}); null when untracked
 * @param direction        inbound (a customer called) or outbound (the auto-dialer called a customer: the caller
 *                         is then the agent's id, the dialed number the customer's); null reads as inbound
 */
public record CallRecord(
        String callId,
        String callerNumber,
        String dialedNumber,
        String groupId,
        Instant arrivedAt,
        Instant firstRingAt,
        Instant answeredAt,
        Instant endedAt,
        CallOutcome outcome,
        String answeringAgentId,
        Duration waitTime,
        Duration talkTime,
        boolean offHours,
        Integer finalCode,
        String reason,
        Attribution tracking,
        CallDirection direction) {

    /** An inbound call without tracking. */
    public CallRecord(String callId, String callerNumber, String dialedNumber, String groupId, Instant arrivedAt,
                      Instant firstRingAt, Instant answeredAt, Instant endedAt, CallOutcome outcome,
                      String answeringAgentId, Duration waitTime, Duration talkTime, boolean offHours,
                      Integer finalCode, String reason) {
        this(callId, callerNumber, dialedNumber, groupId, arrivedAt, firstRingAt, answeredAt, endedAt, outcome,
                answeringAgentId, waitTime, talkTime, offHours, finalCode, reason, null, CallDirection.INBOUND);
    }

    /** An inbound call: every call the forwarding chain handles. */
    public CallRecord(String callId, String callerNumber, String dialedNumber, String groupId, Instant arrivedAt,
                      Instant firstRingAt, Instant answeredAt, Instant endedAt, CallOutcome outcome,
                      String answeringAgentId, Duration waitTime, Duration talkTime, boolean offHours,
                      Integer finalCode, String reason, Attribution tracking) {
        this(callId, callerNumber, dialedNumber, groupId, arrivedAt, firstRingAt, answeredAt, endedAt, outcome,
                answeringAgentId, waitTime, talkTime, offHours, finalCode, reason, tracking, CallDirection.INBOUND);
    }

    public CallRecord {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(arrivedAt, "arrivedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(outcome, "outcome");
        direction = direction == null ? CallDirection.INBOUND : direction;
    }

    public boolean outbound() { return direction == CallDirection.OUTBOUND; }

    /**
     * A customer's call nobody answered (missed, abandoned, off hours): its callback work may open a task, so it
     * is lost if that work never runs. An answered call's work only closes a task, sparing a needless callback.
     */
    public boolean mayOpenCallback() {
        return !outbound() && (outcome == CallOutcome.MISSED || outcome == CallOutcome.ABANDONED
                || outcome == CallOutcome.OFF_HOURS);
    }

    /** The customer's number: the caller of an inbound call, the dialed number of an outbound one. */
    public String customerNumber() { return outbound() ? dialedNumber : callerNumber; }

    public long waitSeconds() { return waitTime.toSeconds(); }

    public long talkSeconds() { return talkTime.toSeconds(); }
}
