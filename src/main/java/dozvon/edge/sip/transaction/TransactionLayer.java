package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipMessage;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.SipSyntaxException;
import dozvon.edge.sip.message.Via;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction layer (RFC 3261 §17): holds the client and server transactions, matches what the
 * transport receives to them, and starts client transactions for the transaction user.
 *
 * <p>Not thread-safe by design: create it, feed it and let its timers fire on one Vert.x event loop
 * (see the package documentation).
 */
public final class TransactionLayer {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionLayer.class);

    private final TransactionContext context;
    private final RequestHandler handler;
    private final BranchGenerator branches;
    private final boolean tryingAtOnce;
    private final Map<ClientKey, ClientTransaction> clients = new HashMap<>();
    private final Map<ServerKey, ServerTransaction> servers = new HashMap<>();
    private final ServerTransaction.Events serverEvents = new ServerEvents();

    private TransactionLayer(Builder b) {
        this.context = new TransactionContext(b.transport, b.scheduler, b.timers, b.metrics);
        this.handler = b.handler;
        this.branches = b.branches;
        this.tryingAtOnce = b.tryingAtOnce;
    }

    public static Builder builder(TransactionTransport transport, TimerScheduler scheduler, RequestHandler handler) {
        return new Builder(transport, scheduler, handler);
    }

    // ---------------------------------------------------------------- from the transport

    /**
     * Everything the transport receives goes through here. A request that matches a server
     * transaction is a retransmission and is absorbed (§17.2.3); a new one creates a server transaction
     * and goes to {@link RequestHandler#onRequest}. A response goes to its client transaction
     * (§17.1.3). What matches nothing goes to the handler's stray hooks.
     *
     * @param source where the message came from, with its connection for TCP
     */
    public void receive(SipMessage message, Destination source) {
        try {
            if (message instanceof SipResponse response) {
                receiveResponse(response, source);
            } else {
                receiveRequest((SipRequest) message, source);
            }
        } catch (SipSyntaxException e) {
            // The codec validates what it parses; this only guards hand-built or half-checked messages.
            LOG.debug("dropping message with malformed transaction headers from {}: {}", source, e.getMessage());
        }
    }

    private void receiveResponse(SipResponse response, Destination source) {
        ClientKey key = ClientKey.of(response);
        ClientTransaction tx = key == null ? null : clients.get(key);
        if (tx == null) {
            handler.onStrayResponse(response, source);
        } else {
            tx.receiveResponse(response);
        }
    }

    private void receiveRequest(SipRequest request, Destination source) {
        ServerKey key = ServerKey.of(request);
        if (key == null) {
            LOG.debug("dropping request without Via, CSeq or Call-ID from {}", source);
            return;
        }
        ServerTransaction tx = find(key, request);
        if (request.isMethod(SipRequest.ACK)) {
            if (tx instanceof InviteServerTransaction invite) {
                invite.receiveAck(request, source);
            } else {
                handler.onAck(request, source);
            }
            return;
        }
        if (tx != null) {
            context.metrics().retransmissionAbsorbed(request);
            tx.receiveRetransmission(request);
            return;
        }
        ServerTransaction created = request.isMethod(SipRequest.INVITE)
                ? new InviteServerTransaction(context, request, source, key, serverEvents)
                : new NonInviteServerTransaction(context, request, source, key, serverEvents);
        // putIfAbsent: in the RFC 2543 fallback a request can share the key of a live transaction and
        // still not match it (another To tag). It gets a transaction, but never displaces the other.
        servers.putIfAbsent(key, created);
        if (created instanceof InviteServerTransaction invite) {
            invite.start(tryingAtOnce);
        }
        if (!created.isTerminated()) {
            handler.onRequest(created);
        }
    }

    /**
     * Looks a request up. With a magic-cookie branch the key says it all. In the RFC 2543 fallback
     * the To tag must also match (§17.2.3): for an ACK, the tag of the response the transaction sent;
     * for anything else, the tag of the request that created the transaction.
     */
    private ServerTransaction find(ServerKey key, SipRequest request) {
        ServerTransaction tx = servers.get(key);
        if (tx == null || key instanceof ServerKey.Branch) {
            return tx;
        }
        String tag = ServerKey.toTag(request);
        String expected = request.isMethod(SipRequest.ACK)
                ? tx.lastResponseToTag().orElse(null)
                : tx.requestToTag();
        return ServerKey.sameTag(tag, expected) ? tx : null;
    }

    /**
     * The INVITE server transaction a CANCEL refers to (§9.2): same key as the CANCEL except for the
     * method. Empty when that INVITE is unknown or has ended; the TU answers the CANCEL with 481 then.
     */
    public Optional<InviteServerTransaction> findCancelledInvite(SipRequest cancel) {
        if (!cancel.isMethod(SipRequest.CANCEL)) {
            throw new IllegalArgumentException("not a CANCEL: " + cancel.method());
        }
        ServerKey key = ServerKey.withMethod(cancel, SipRequest.INVITE);
        if (key == null) {
            return Optional.empty();
        }
        ServerTransaction tx = servers.get(key);
        if (tx instanceof InviteServerTransaction invite
                && (key instanceof ServerKey.Branch
                    || ServerKey.sameTag(ServerKey.toTag(cancel), invite.requestToTag()))) {
            return Optional.of(invite);
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- from the transaction user

    /**
     * Starts a client transaction: sends the request to {@code destination} and reports to
     * {@code user}. The request must carry a Via for this element (the transport knows its sent-by);
     * a missing or RFC 2543 branch is replaced by a fresh magic-cookie branch.
     *
     * @throws IllegalArgumentException for ACK (no transaction of its own: see {@link #sendAck}) or
     *                                  a request without Via
     * @throws IllegalStateException    when another live client transaction uses the same branch
     */
    public ClientTransaction sendRequest(SipRequest request, Destination destination, ClientTransactionUser user) {
        Objects.requireNonNull(user, "user");
        if (request.isMethod(SipRequest.ACK)) {
            throw new IllegalArgumentException("ACK has no client transaction (§17.1.1.3); use sendAck");
        }
        SipRequest withBranch = ensureBranch(request);
        ClientKey key = new ClientKey(withBranch.topVia().branch().orElseThrow(), withBranch.method());
        if (clients.containsKey(key)) {
            throw new IllegalStateException("a client transaction already uses " + key);
        }
        ClientTransaction tx = withBranch.isMethod(SipRequest.INVITE)
                ? new InviteClientTransaction(context, withBranch, destination, user, t -> clients.remove(key, t))
                : new NonInviteClientTransaction(context, withBranch, destination, user, t -> clients.remove(key, t));
        clients.put(key, tx);
        tx.start();
        return tx;
    }

    /**
     * Sends an ACK for a 2xx: the dialog layer's own one-message transaction (§13.2.2.4, §17.1.1.3).
     * Nothing is kept; a missing branch is added. Returns the ACK as sent.
     */
    public SipRequest sendAck(SipRequest ack, Destination destination) {
        if (!ack.isMethod(SipRequest.ACK)) {
            throw new IllegalArgumentException("not an ACK: " + ack.method());
        }
        SipRequest withBranch = ensureBranch(ack);
        context.transport().send(withBranch, destination, () ->
                LOG.debug("ACK to {} could not be sent", destination));
        return withBranch;
    }

    /**
     * Cancels an INVITE client transaction (§9.1): builds the CANCEL and sends it in a non-INVITE client
     * transaction of its own, to the INVITE's destination, once a provisional response has arrived. The
     * INVITE transaction itself then sees a 487 (or a 2xx that won the race).
     */
    public CancelOutcome cancel(InviteClientTransaction invite, ClientTransactionUser cancelUser) {
        Objects.requireNonNull(cancelUser, "cancelUser");
        if (invite.isCancelRequested()) {
            return CancelOutcome.ALREADY_REQUESTED;
        }
        InviteClientTransaction.State before = invite.state();
        if (before != InviteClientTransaction.State.CALLING && before != InviteClientTransaction.State.PROCEEDING) {
            return CancelOutcome.TOO_LATE;
        }
        invite.requestCancel(() -> sendRequest(CancelBuilder.forInvite(invite.request()), invite.destination(),
                cancelUser));
        return before == InviteClientTransaction.State.PROCEEDING
                ? CancelOutcome.SENT : CancelOutcome.DEFERRED_UNTIL_PROVISIONAL;
    }

    private SipRequest ensureBranch(SipRequest request) {
        Via top = request.topVia();
        if (top == null) {
            throw new IllegalArgumentException("request has no Via; the sender adds its own first");
        }
        if (top.hasRfc3261Branch()) {
            return request;
        }
        return request.replacingTopVia(top.withParam("branch", branches.next()));
    }

    // ---------------------------------------------------------------- introspection

    /** Live client transactions. */
    /**
     * The timers the layer runs on (the SIP edge's: long ones in 100 ms buckets). A transaction user's own
     * clean-ups that only have to happen some seconds later (an ended dialog forgotten after 32 s) use them too.
     */
    public TimerScheduler scheduler() {
        return context.scheduler();
    }

    public int clientCount() {
        return clients.size();
    }

    /** Live server transactions. */
    public int serverCount() {
        return servers.size();
    }

    private final class ServerEvents implements ServerTransaction.Events {
        @Override
        public void timedOut(ServerTransaction transaction) {
            handler.onServerTimeout(transaction);
        }

        @Override
        public void transportFailed(ServerTransaction transaction) {
            handler.onServerTransportError(transaction);
        }

        @Override
        public void ackForAccepted(ServerTransaction transaction, SipRequest ack, Destination from) {
            handler.onAck(ack, from);
        }

        @Override
        public void terminated(ServerTransaction transaction) {
            servers.remove(transaction.key, transaction);
        }
    }

    /** Wiring, with the RFC defaults for everything optional. */
    public static final class Builder {
        private final TransactionTransport transport;
        private final TimerScheduler scheduler;
        private final RequestHandler handler;
        private TransactionTimers timers = TransactionTimers.DEFAULT;
        private TransactionMetrics metrics = TransactionMetrics.NOOP;
        private BranchGenerator branches;
        private boolean tryingAtOnce = true;

        private Builder(TransactionTransport transport, TimerScheduler scheduler, RequestHandler handler) {
            this.transport = Objects.requireNonNull(transport, "transport");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        public Builder timers(TransactionTimers value) {
            this.timers = Objects.requireNonNull(value);
            return this;
        }

        public Builder metrics(TransactionMetrics value) {
            this.metrics = Objects.requireNonNull(value);
            return this;
        }

        public Builder branches(BranchGenerator value) {
            this.branches = Objects.requireNonNull(value);
            return this;
        }

        /**
         * True (the default): an INVITE server transaction sends 100 Trying on receipt. False: only when
         * the TU has not answered within 200 ms, the minimum RFC 3261 §17.2.1 asks for.
         */
        public Builder tryingAtOnce(boolean value) {
            this.tryingAtOnce = value;
            return this;
        }

        public TransactionLayer build() {
            if (branches == null) {
                branches = BranchGenerator.random();
            }
            return new TransactionLayer(this);
        }
    }
}
