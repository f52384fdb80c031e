package dozvon.core.notify;

/** Event names and the data keys the routing reads; webhook receivers see the same names. */
public final class Events {

    public static final String CALL_MISSED = "call.missed";
    public static final String CALL_ANSWERED = "call.answered";
    public static final String CALLBACK_CREATED = "callback.created";
    public static final String CALLBACK_CLOSED = "callback.closed";

    /** The data key naming the group whose head gets the e-mail. */
    public static final String GROUP = "group";

    private Events() {}
}
