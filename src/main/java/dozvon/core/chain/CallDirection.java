package dozvon.core.chain;

import java.util.Arrays;
import java.util.Optional;

/** Who placed a call (the {@code calls.direction} column). */
public enum CallDirection {
    /** A customer called in through a trunk. */
    INBOUND("inbound"),
    /** The auto-dialer called a customer back. */
    OUTBOUND("outbound");

    private final String wire;

    CallDirection(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Optional<CallDirection> fromWire(String text) {
        return Arrays.stream(values()).filter(v -> v.wire.equals(text)).findFirst();
    }

    @Override public String toString() { return wire; }
}
