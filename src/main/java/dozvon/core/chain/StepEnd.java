package dozvon.core.chain;

/** Why a chain step (or a take from the screen pop) stopped; kept in the routing trace. */
public enum StepEnd {
    /** One of its legs answered. */
    ANSWERED("answered"),
    /** Its time ran out; open legs were cancelled. */
    TIMED_OUT("timed_out"),
    /** Every leg it rang failed, was busy or declined, before its time was up. */
    ALL_LEGS_FAILED("all_legs_failed"),
    /** The claim found nobody to ring (all busy, away, offline, already tried or claimed elsewhere). */
    NOBODY_AVAILABLE("nobody_available"),
    /** A number target with no number behind it (no head mobile configured). */
    NO_NUMBER("no_number"),
    /** The caller hung up while it rang. */
    CALLER_HUNG_UP("caller_hung_up"),
    /** An agent took the call from the screen pop; the step's legs were cancelled. */
    TAKEN("taken");

    private final String wire;

    StepEnd(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    @Override public String toString() { return wire; }
}
