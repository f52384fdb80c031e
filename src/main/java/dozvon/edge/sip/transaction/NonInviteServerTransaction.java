package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;

/**
 * Non-INVITE server transaction: RFC 3261 §17.2.2 (Figure 8).
 *
 * <pre>
 *  Trying ──1xx from TU──▶ Proceeding ──200-699 from TU──▶ Completed ──Timer J──▶ Terminated
 *     ╲──200-699 from TU────────────────────────────────▲
 *  any state ──transport error: tell TU──▶ Terminated
 * </pre>
 */
public final class NonInviteServerTransaction extends ServerTransaction {

    public enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    private final TransactionTimer timerJ;
    private State state = State.TRYING;

    NonInviteServerTransaction(TransactionContext context, SipRequest request, Destination source, ServerKey key,
                               Events events) {
        super(context, request, source, key, events);
        timerJ = context.timer("J");
    }

    public State state() {
        return state;
    }

    @Override
    public boolean isTerminated() {
        return state == State.TERMINATED;
    }

    @Override
    public boolean respond(SipResponse response) {
        if (state != State.TRYING && state != State.PROCEEDING) {
            // §17.2.2: any other final responses passed by the TU in Completed are discarded.
            return false;
        }
        if (response.isProvisional()) {
            lastResponse = response;
            state = State.PROCEEDING;
            send(response);
            return true;
        }
        state = State.COMPLETED;
        finalSent(response, true);
        // Send before Timer J starts: on reliable transports J is zero and ends the transaction at once.
        if (send(response)) {
            timerJ.start(context.timers().timerJ(reliable()), this::onTimerJ);
        }
        return true;
    }

    @Override
    void receiveRetransmission(SipRequest retransmission) {
        switch (state) {
            // §17.2.2: in Trying there is nothing to answer with; the retransmission is discarded.
            case TRYING, TERMINATED -> {
            }
            case PROCEEDING -> resend(lastResponse);
            case COMPLETED -> {
                if (finalResponse != null) {
                    resend(finalResponse.message());
                }
            }
        }
    }

    private void onTimerJ() {
        if (state == State.COMPLETED) {
            terminate();
        }
    }

    @Override
    void transportFailed() {
        if (state != State.TERMINATED) {
            terminate();
            events.transportFailed(this);
        }
    }

    private void terminate() {
        state = State.TERMINATED;
        timerJ.cancel();
        events.terminated(this);
    }
}
