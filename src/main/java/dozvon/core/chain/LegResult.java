package dozvon.core.chain;

/**
 * How one ring attempt ended (the {@code call_legs.result} column).
 * {@code no_answer} covers both a phone that gave up by itself and a leg we cancelled because its step's time
 * ran out; {@code cancelled} is for legs stopped for another reason (another leg won, the caller hung up, an
 * agent took the call from the screen pop).
 */
public enum LegResult {
    ANSWERED("answered"),
    NO_ANSWER("no_answer"),
    BUSY("busy"),
    DECLINED("declined"),
    FAILED("failed"),
    CANCELLED("cancelled");

    private final String wire;

    LegResult(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    @Override public String toString() { return wire; }
}
