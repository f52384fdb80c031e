package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * INVITE client transaction: RFC 3261 §17.1.1 (Figure 5) as amended by RFC 6026 §7.2 (Accepted).
 *
 * <pre>
 *  Calling ──1xx──▶ Proceeding ──300-699: ACK──▶ Completed ──Timer D──▶ Terminated
 *     │  ╲                 │                        ▲
 *     │   ╲300-699: ACK────┼────────────────────────┘
 *     │    2xx ────────────┴── 2xx ──▶ Accepted ──Timer M──▶ Terminated
 *     └──Timer B / transport error──▶ Terminated
 * </pre>
 */
public final class InviteClientTransaction extends ClientTransaction {

    public enum State { CALLING, PROCEEDING, COMPLETED, ACCEPTED, TERMINATED }

    private final TransactionTimer timerA;
    private final TransactionTimer timerB;
    private final TransactionTimer timerC;
    private final TransactionTimer timerD;
    private final TransactionTimer timerM;
    private State state = State.CALLING;
    private Duration timerAInterval;
    /** The ACK for a non-2xx final response, kept to answer its retransmissions. */
    private WireCopy ack;
    private boolean cancelRequested;
    private Runnable onFirstProvisional;

    InviteClientTransaction(TransactionContext context, SipRequest request, Destination destination,
                            ClientTransactionUser user, Consumer<ClientTransaction> onTerminated) {
        super(context, request, destination, user, onTerminated);
        timerA = context.timer("A");
        timerB = context.timer("B");
        timerC = context.timer("C");
        timerD = context.timer("D");
        timerM = context.timer("M");
    }

    public State state() {
        return state;
    }

    @Override
    public boolean isTerminated() {
        return state == State.TERMINATED;
    }

    @Override
    void start() {
        if (!send(request)) {
            return;
        }
        // §17.1.1.2: Timer A only on unreliable transports; Timer B always.
        if (!reliable()) {
            timerAInterval = context.timers().timerA();
            timerA.start(timerAInterval, this::onTimerA);
        }
        timerB.start(context.timers().timerB(), this::onTimerB);
        startTimerC();
    }

    private void onTimerA() {
        if (state != State.CALLING || !resend(request)) {
            return;
        }
        // §17.1.1.2: the interval doubles each time, without a cap, until Timer B ends it all.
        timerAInterval = timerAInterval.multipliedBy(2);
        timerA.start(timerAInterval, this::onTimerA);
    }

    private void onTimerB() {
        if (state == State.CALLING) {
            context.metrics().timedOut("B", SipRequest.INVITE);
            terminate();
            user.onTimeout();
        }
    }

    private void startTimerC() {
        Duration c = context.timers().timerC();
        if (c != null) {
            timerC.start(c, this::onTimerC);
        }
    }

    private void onTimerC() {
        if (state == State.CALLING || state == State.PROCEEDING) {
            user.onTimerC();
        }
    }

    @Override
    void receiveResponse(SipResponse response) {
        switch (state) {
            case CALLING, PROCEEDING -> {
                if (response.isProvisional()) {
                    proceed(response);
                } else if (response.isSuccess()) {
                    accept(response);
                } else {
                    complete(response);
                }
            }
            case COMPLETED -> {
                // §17.1.1.2: a retransmitted final is absorbed and answered with the same ACK.
                if (response.isFinal() && !response.isSuccess() && ack != null) {
                    context.metrics().retransmissionAbsorbed(response);
                    resend(ack.message());
                }
            }
            case ACCEPTED -> {
                // RFC 6026 §7.2: every 2xx goes up; the TU ACKs 2xx responses itself.
                if (response.isSuccess()) {
                    user.onAdditional2xx(response);
                }
            }
            case TERMINATED -> {
            }
        }
    }

    private void proceed(SipResponse provisional) {
        boolean first = state == State.CALLING;
        state = State.PROCEEDING;
        // Retransmissions stop with the first 1xx; Timer B only guards the Calling state.
        timerA.cancel();
        timerB.cancel();
        startTimerC();
        user.onProvisional(provisional);
        if (first && onFirstProvisional != null && state == State.PROCEEDING) {
            Runnable pending = onFirstProvisional;
            onFirstProvisional = null;
            pending.run();
        }
    }

    private void accept(SipResponse success) {
        state = State.ACCEPTED;
        stopWaitingForFinal();
        request = null; // the TU ACKs and answers further 2xx itself
        timerM.start(context.timers().timerM(), this::onTimerM);
        user.onFinal(success);
    }

    private void complete(SipResponse failure) {
        state = State.COMPLETED;
        stopWaitingForFinal();
        SipRequest ackNow = AckBuilder.forNonSuccess(request, failure);
        request = null;
        user.onFinal(failure);
        // §17.1.1.3: the ACK goes to the same address, port and transport as the INVITE.
        if (state == State.COMPLETED && send(ackNow)) {
            ack = reliable() ? null : WireCopy.of(ackNow); // over TCP/TLS the final is not retransmitted
            timerD.start(context.timers().timerD(reliable()), this::onTimerD);
        }
    }

    private void stopWaitingForFinal() {
        timerA.cancel();
        timerB.cancel();
        timerC.cancel();
        onFirstProvisional = null;
    }

    private void onTimerD() {
        if (state == State.COMPLETED) {
            terminate();
        }
    }

    private void onTimerM() {
        if (state == State.ACCEPTED) {
            terminate();
        }
    }

    @Override
    void transportFailed() {
        // Figure 5: a transport error in Calling or Completed ends the transaction and is reported.
        // In Accepted nothing is sent by the transaction, so there is nothing of ours that failed.
        if (state == State.TERMINATED || state == State.ACCEPTED) {
            return;
        }
        terminate();
        user.onTransportError();
    }

    /**
     * Records that the TU wants to cancel. Returns false when it already asked. {@code sendCancel} runs
     * now if a provisional response has arrived, else on the first one (§9.1); it never runs once a
     * final response has arrived.
     */
    boolean requestCancel(Runnable sendCancel) {
        if (cancelRequested) {
            return false;
        }
        cancelRequested = true;
        if (state == State.PROCEEDING) {
            sendCancel.run();
        } else if (state == State.CALLING) {
            onFirstProvisional = sendCancel;
        }
        return true;
    }

    boolean isCancelRequested() {
        return cancelRequested;
    }

    private void terminate() {
        state = State.TERMINATED;
        timerA.cancel();
        timerB.cancel();
        timerC.cancel();
        timerD.cancel();
        timerM.cancel();
        onFirstProvisional = null;
        removeFromLayer();
    }
}
