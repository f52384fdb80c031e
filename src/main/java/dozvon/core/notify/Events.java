package dozvon.core.notify;

/**
 * Event names and the data keys the routing reads; webhook receivers see the same names.
 *
 * <p>For {@code callback.created} / {@code callback.closed} (queued by callback tasks through the
 * {@code Notifier}): key them {@code callback.created:<taskId>} and {@code callback.closed:<taskId>}, put the task's
 * group under {@link #GROUP}, and for a close its reason under {@code reason}; a close with reason
 * {@code unreached} is also mailed to that group's head.
 */
public final class Events {

    public static final String CALL_MISSED = "call.missed";
    public static final String CALL_ANSWERED = "call.answered";
    public static final String CALLBACK_CREATED = "callback.created";
    public static final String CALLBACK_CLOSED = "callback.closed";

    /** The hourly digest of missed calls mailed to a group head; internal: never sent to webhooks. */
    public static final String MISSED_DIGEST = "digest.missed";

    /** What webhooks may subscribe to. */
    public static final java.util.Set<String> PUBLIC =
            java.util.Set.of(CALL_MISSED, CALL_ANSWERED, CALLBACK_CREATED, CALLBACK_CLOSED);

    /** The data key naming the group whose head gets the e-mail. */
    public static final String GROUP = "group";

    private Events() {}
}
