package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;

/**
 * The transaction user's side of the server transactions, and the hook for messages that match no
 * transaction. Calls come from the layer's event loop.
 */
public interface RequestHandler {

    /**
     * A new request (never an ACK). Answer it with {@link ServerTransaction#respond}, now or later.
     * For INVITE a 100 Trying has usually gone out already. For CANCEL, find the INVITE it cancels
     * with {@link TransactionLayer#findCancelledInvite}.
     */
    void onRequest(ServerTransaction transaction);

    /**
     * An ACK that no server transaction absorbed: the ACK for a 2xx (a transaction of its own,
     * §17.1.1.3), or an ACK that matched an INVITE server transaction in Accepted (RFC 6026 §8.7).
     */
    default void onAck(SipRequest ack, Destination source) {
    }

    /** A response that matched no client transaction, e.g. a 2xx retransmitted after Timer M (§17.1.3). */
    default void onStrayResponse(SipResponse response, Destination source) {
    }

    /** Timer H fired: the non-2xx final response to an INVITE was never acknowledged (§17.2.1). */
    default void onServerTimeout(ServerTransaction transaction) {
    }

    /** A response could not be sent (§17.2.4). */
    default void onServerTransportError(ServerTransaction transaction) {
    }
}
