package dozvon.core.chain;

import dozvon.core.customer.CallerCard;
import dozvon.core.tracking.Attribution;

/** What the agent consoles are told about a call (WebSocket {@code call.*} frames; the shell adds customer data). */
public sealed interface ConsoleEvent {

    String callId();

    /** The call is being routed in the group: show the screen pop ({@code call.offer}). */
    record Offer(String callId, String groupId, String callerNumber, String dialedNumber, Attribution tracking,
                 CallerCard card) implements ConsoleEvent {
        public Offer {
            card = card == null ? CallerCard.UNKNOWN : card;
        }

        public Offer(String callId, String groupId, String callerNumber, String dialedNumber) {
            this(callId, groupId, callerNumber, dialedNumber, null, CallerCard.UNKNOWN);
        }
    }

    /** An agent took the call from the screen pop ({@code call.taken}). */
    record Taken(String callId, String agentId) implements ConsoleEvent {}

    /** The caller is connected; agentId is null when a plain number answered ({@code call.connected}). */
    record Connected(String callId, String agentId) implements ConsoleEvent {}

    /** The call is over ({@code call.ended}). */
    record Ended(String callId, CallOutcome outcome) implements ConsoleEvent {}
}
