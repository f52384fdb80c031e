package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.HeaderNames;
import dozvon.edge.sip.message.NameAddr;
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
    /** Let go once the transaction has answered finally: see {@link #request()}. */
    private SipRequest request;
    private final String callId;
    /** The request's To tag, kept for matching when the key is an RFC 2543 one (§17.2.3). */
    private final String requestToTag;
    final Destination source;
    final Destination responseDestination;
    final ServerKey key;
    final Events events;
    /** The latest provisional response, while one can still be resent. */
    SipResponse lastResponse;
    /** The final response's To header as sent (its tag answers a late CANCEL), once there is one. */
    private String finalTo;
    /** The final response in wire form, while retransmissions of the request are answered with it. */
    WireCopy finalResponse;

    ServerTransaction(TransactionContext context, SipRequest request, Destination source, ServerKey key,
                      Events events) {
        this.context = context;
        this.request = request;
        this.callId = request.callId();
        this.requestToTag = key instanceof ServerKey.Branch ? null : ServerKey.toTag(request);
        this.source = source;
        this.responseDestination = ResponseDestination.of(request.topVia(), source);
        this.key = key;
        this.events = events;
    }

    /**
     * The request that created the transaction, until the final response. After it the transaction only waits
     * out its last timer (32 s over UDP) and no longer holds the request: thousands of such transactions were
     * most of the live heap. A TU that needs the request longer keeps it itself.
     *
     * @throws IllegalStateException after the final response
     */
    public SipRequest request() {
        if (request == null) {
            throw new IllegalStateException("the " + callId + " request was let go after its final response");
        }
        return request;
    }

    /** The request's Call-ID, for as long as the transaction lives. */
    public String callId() {
        return callId;
    }

    String requestToTag() {
        return requestToTag;
    }

    /** Where the request came from (with its connection, for TCP). */
    public Destination source() {
        return source;
    }

    /** Where responses go (§18.2.2). */
    public Destination responseDestination() {
        return responseDestination;
    }

    /** The To tag of the most recent response sent, if it had one: a CANCEL's 200 carries it (§9.2). */
    public Optional<String> lastResponseToTag() {
        if (lastResponse != null) {
            return Optional.ofNullable(ServerKey.toTag(lastResponse));
        }
        return finalTo == null ? Optional.empty() : NameAddr.parse(finalTo).tag();
    }

    /**
     * The transaction has answered finally: it needs neither the request nor a parsed response any more. With
     * {@code resentOnRetransmission} it keeps the final's wire form (on UDP) to answer the request's
     * retransmissions.
     */
    void finalSent(SipResponse response, boolean resentOnRetransmission) {
        request = null;
        lastResponse = null;
        finalTo = response.headers().firstOrNull(HeaderNames.TO);
        finalResponse = resentOnRetransmission && !reliable() ? WireCopy.of(response) : null;
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
