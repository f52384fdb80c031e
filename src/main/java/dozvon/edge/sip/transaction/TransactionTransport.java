package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipMessage;

/**
 * What the transaction layer needs from the transport layer (RFC 3261 §18): send a message, and learn
 * when sending failed, so the transaction can tell its user "transport error" (§17.1.4, §17.2.4).
 *
 * <p>A transport that fails at once (no route, closed connection) may simply throw
 * {@link TransportException} from {@link #send(SipMessage, Destination)}. A transport whose writes
 * complete later overrides {@link #send(SipMessage, Destination, Runnable)} and runs the failure
 * callback on the layer's event loop when the write fails.
 */
public interface TransactionTransport {

    /** Hands a message to the transport. Throws {@link TransportException} when it cannot be sent. */
    void send(SipMessage message, Destination destination);

    /**
     * Sends and reports a failure through {@code onFailure} instead of an exception. The transaction
     * layer always calls this one. The callback may run synchronously, inside this call.
     */
    default void send(SipMessage message, Destination destination, Runnable onFailure) {
        try {
            send(message, destination);
        } catch (TransportException e) {
            onFailure.run();
        }
    }
}
