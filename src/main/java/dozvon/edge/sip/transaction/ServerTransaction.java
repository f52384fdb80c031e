package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipMessage;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import java.util.Optional;

/**
 * What both server state machines share (§17.2). The transaction user gets one from
 * {@link RequestHandler#onRequest} and answers through {@link #respond}.
 */
public abstract sealed class ServerTransaction permits InviteServerTransaction, NonInviteServerTransaction {

    /** What a server transaction reports to the layer; the layer passes most of it to the TU. */
    interface Events {
        void timedOut(ServerTransaction transaction);

        void transportFailed(ServerTransaction transaction);

        void ackForAccepted(ServerTransaction transaction, SipRequest ack, Destination from);

        void terminated(ServerTransaction transaction);
    }

    final TransactionContext context;
    final SipRequest request;
    final Destination source;
    final Destination responseDestination;
    final ServerKey key;
    final Events events;
    SipResponse lastResponse;

    ServerTransaction(TransactionContext context, SipRequest request, Destination source, ServerKey key,
                      Events events) {
        this.context = context;
        this.request = request;
        this.source = source;
        this.responseDestination = ResponseDestination.of(request.topVia(), source);
        this.key = key;
        this.events = events;
    }

    /** The request that created the transaction. */
    public SipRequest request() {
        return request;
    }

    /** Where the request came from (with its connection, for TCP). */
    public Destination source() {
        return source;
    }

    /** Where responses go (§18.2.2). */
    public Destination responseDestination() {
        return responseDestination;
    }

    /** The most recent response sent, which answers request retransmissions. */
    public Optional<SipResponse> lastResponse() {
        return Optional.ofNullable(lastResponse);
    }

    /**
     * Sends a response from the TU. Returns false, sending nothing, when the state does not accept it
     * (a second final response, anything after the transaction ended, a non-2xx after a 2xx): the TU
     * lost a race, e.g. a CANCEL against a 200, and the RFC has the response dropped.
     */
    public abstract boolean respond(SipResponse response);

    public abstract boolean isTerminated();

    /** A retransmission of the request (not an ACK) that the layer matched here (§17.2.3). */
    abstract void receiveRetransmission(SipRequest retransmission);

    /** The transport could not send a response (§17.2.4). */
    abstract void transportFailed();

    boolean reliable() {
        return source.isReliable();
    }

    boolean send(SipMessage message) {
        context.transport().send(message, responseDestination, this::transportFailed);
        return !isTerminated();
    }

    boolean resend(SipMessage message) {
        context.metrics().retransmissionSent(message);
        return send(message);
    }
}
