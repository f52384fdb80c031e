package dozvon.edge.sip.transaction;

/** A message could not be handed to the network (RFC 3261 §17.1.4: a "transport error"). */
public class TransportException extends RuntimeException {
    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
