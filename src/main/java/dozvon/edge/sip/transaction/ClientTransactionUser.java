package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipResponse;

/**
 * What a client transaction tells the transaction user that started it (RFC 3261 §17.1). All calls
 * come from the layer's event loop. Exactly one of {@link #onFinal}, {@link #onTimeout} or
 * {@link #onTransportError} ends the request for the user; after {@code onFinal} a transport error can
 * still be reported when the ACK for a non-2xx could not be sent (§17.1.1.2, Figure 5).
 */
public interface ClientTransactionUser {

    /** A 1xx response. */
    void onProvisional(SipResponse response);

    /** The first final response. For INVITE, the ACK to a non-2xx has already been handled here. */
    void onFinal(SipResponse response);

    /** Timer B (INVITE) or Timer F (non-INVITE) fired without a final response: treat as 408. */
    void onTimeout();

    /** The transport could not send the request (§17.1.4): treat as 503. */
    void onTransportError();

    /**
     * INVITE only: a further 2xx while in Accepted (RFC 6026 §7.2) — a retransmission of the first 2xx,
     * or a 2xx from another fork with a different To tag. The transaction does not ACK 2xx responses;
     * the dialog layer must ACK each one (and send BYE to a fork it does not want).
     */
    default void onAdditional2xx(SipResponse response) {
    }

    /** INVITE only, when Timer C is configured: no final response in time; a proxy would CANCEL. */
    default void onTimerC() {
    }
}
