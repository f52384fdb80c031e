package dozvon.core.presence;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** An agent's presence. The wire name is what the API, the WebSocket and Redis carry. */
public enum AgentState {
    AVAILABLE("available"),
    RINGING("ringing"),
    ON_CALL("on_call"),
    WRAP_UP("wrap_up"),
    AWAY("away"),
    OFFLINE("offline");

    private final String wire;

    AgentState(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    /** Empty for anything that is not one of the six wire names (case-insensitive, trimmed). */
    public static Optional<AgentState> fromWire(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s.wire.equals(t)).findFirst();
    }

    @Override public String toString() { return wire; }
}
