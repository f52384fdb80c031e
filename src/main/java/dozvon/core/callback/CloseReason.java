package dozvon.core.callback;

import java.util.Arrays;
import java.util.Optional;

/** Why a task closed. */
public enum CloseReason {
    /** The customer talked to someone: their own call was answered, or a call to them connected. */
    REACHED("reached"),
    /** Every attempt the ladder allows went unanswered. */
    UNREACHED("unreached"),
    /** Someone closed it through the API (with a note). */
    MANUAL("manual");

    private final String wire;

    CloseReason(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Optional<CloseReason> fromWire(String text) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(text)).findFirst();
    }

    @Override public String toString() { return wire; }
}
