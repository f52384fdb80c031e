package dozvon.core.chain;

/**
 * The machine's timers. A call has at most one armed at a time; each arming gets a fresh generation so a
 * {@link CallEvent.TimerFired} from an earlier arming is recognised as stale and ignored.
 */
public enum TimerId {
    /** The current chain step's time ({@link ChainStep#length()}) is up. */
    STEP,
    /** The phone of an agent who took the call from the screen pop did not answer in time. */
    TAKE
}
