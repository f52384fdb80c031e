package dozvon.core.callback;

import java.util.Arrays;
import java.util.Optional;

/** Why a callback task exists: the call that went unanswered, or a follow-up a CRM scheduled. */
public enum TaskReason {
    /** The chain ran out during working hours. */
    MISSED("missed"),
    /** The caller hung up after waiting at least {@code telephony.shortAbandonSeconds}. */
    ABANDONED("abandoned"),
    /** The call came while the group was closed. */
    OFF_HOURS("off_hours"),
    /** Put in through the API (post-shipment call, invoice reminder...). */
    SCHEDULED("scheduled");

    private final String wire;

    TaskReason(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Optional<TaskReason> fromWire(String text) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(text)).findFirst();
    }

    @Override public String toString() { return wire; }
}
