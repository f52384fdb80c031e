package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipMessage;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import java.util.function.Consumer;

/**
 * What both client state machines share: the request, where it goes, who to tell, and how the
 * transaction leaves the layer's table when it ends (§17.1).
 */
public abstract sealed class ClientTransaction permits InviteClientTransaction, NonInviteClientTransaction {
    final TransactionContext context;
    /** An INVITE transaction lets go of it at the final response: see {@link #request()}. */
    SipRequest request;
    private final String branch;
    final Destination destination;
    final ClientTransactionUser user;
    private final Consumer<ClientTransaction> onTerminated;

    ClientTransaction(TransactionContext context, SipRequest request, Destination destination,
                      ClientTransactionUser user, Consumer<ClientTransaction> onTerminated) {
        this.context = context;
        this.request = request;
        this.branch = request.topVia().branch().orElseThrow();
        this.destination = destination;
        this.user = user;
        this.onTerminated = onTerminated;
    }

    /**
     * The request as sent, with its branch. An INVITE transaction lets go of it at the final response: after it
     * the transaction only waits out Timer D or M (32 s over UDP), and thousands of such transactions holding
     * their INVITEs were most of the live heap. (A non-INVITE one waits only Timer K, 5 s, and keeps it.)
     *
     * @throws IllegalStateException on an INVITE transaction after its final response
     */
    public SipRequest request() {
        if (request == null) {
            throw new IllegalStateException("the request of " + branch + " was let go after its final response");
        }
        return request;
    }

    public Destination destination() {
        return destination;
    }

    public String branch() {
        return branch;
    }

    public abstract boolean isTerminated();

    /** Sends the request for the first time and starts the timers. */
    abstract void start();

    /** A response the layer matched to this transaction (§17.1.3). */
    abstract void receiveResponse(SipResponse response);

    /** The transport could not send something this transaction sent (§17.1.4). */
    abstract void transportFailed();

    boolean reliable() {
        return destination.isReliable();
    }

    /**
     * Hands a message to the transport. Returns false when the send failed synchronously and the
     * failure already ended the transaction, so the caller must stop.
     */
    boolean send(SipMessage message) {
        context.transport().send(message, destination, this::transportFailed);
        return !isTerminated();
    }

    /** Same as {@link #send}, counted as a retransmission. */
    boolean resend(SipMessage message) {
        context.metrics().retransmissionSent(message);
        return send(message);
    }

    void removeFromLayer() {
        onTerminated.accept(this);
    }
}
