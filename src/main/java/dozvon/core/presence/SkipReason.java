package dozvon.core.presence;

/** Why a claim passed over an agent. Goes into the call's routing trace under its wire name. */
public enum SkipReason {
    BUSY("busy"),
    AWAY("away"),
    OFFLINE("offline"),
    ALREADY_TRIED("already_tried"),
    CLAIMED_BY_OTHER_CALL("claimed_by_other_call");

    private final String wire;

    SkipReason(String wire) { this.wire = wire; }

    public String wire() { return wire; }

    @Override public String toString() { return wire; }
}
