package dozvon.core.callback;

import java.util.Arrays;
import java.util.Optional;

/** A task is open until the customer is reached, someone closes it, or the attempts run out. */
public enum TaskStatus {
    OPEN("open"),
    CLOSED("closed");

    private final String wire;

    TaskStatus(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Optional<TaskStatus> fromWire(String text) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(text)).findFirst();
    }

    @Override public String toString() { return wire; }
}
