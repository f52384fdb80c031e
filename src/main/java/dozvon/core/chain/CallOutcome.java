package dozvon.core.chain;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a call ended; exactly one per call (the {@code calls.outcome} column).
 * <ul>
 *   <li>answered: some leg answered (also inside an off-hours chain or after a take from the screen pop);</li>
 *   <li>missed: the chain ran out during working hours, the caller got 480;</li>
 *   <li>abandoned: the caller hung up before anyone answered;</li>
 *   <li>rejected: the edge refused it (blacklist 603, unknown number 404, source not allowed 403, malformed 400);</li>
 *   <li>off_hours: it came outside working hours and nobody answered (no off-hours chain, or it ran out).</li>
 * </ul>
 */
public enum CallOutcome {
    ANSWERED("answered"),
    MISSED("missed"),
    ABANDONED("abandoned"),
    REJECTED("rejected"),
    OFF_HOURS("off_hours");

    private final String wire;

    CallOutcome(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    public static Optional<CallOutcome> fromWire(String text) {
        return Arrays.stream(values()).filter(v -> v.wire.equals(text)).findFirst();
    }

    @Override public String toString() { return wire; }
}
