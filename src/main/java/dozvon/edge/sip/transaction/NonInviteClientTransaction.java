package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Non-INVITE client transaction: RFC 3261 §17.1.2 (Figure 6).
 *
 * <pre>
 *  Trying ──1xx──▶ Proceeding ──200-699──▶ Completed ──Timer K──▶ Terminated
 *     ╲──200-699──────────────────────────▲
 *  Trying / Proceeding ──Timer F / transport error──▶ Terminated
 * </pre>
 */
public final class NonInviteClientTransaction extends ClientTransaction {

    public enum State { TRYING, PROCEEDING, COMPLETED, TERMINATED }

    private final TransactionTimer timerE;
    private final TransactionTimer timerF;
    private final TransactionTimer timerK;
    private State state = State.TRYING;
    private Duration timerEInterval;

    NonInviteClientTransaction(TransactionContext context, SipRequest request, Destination destination,
                               ClientTransactionUser user, Consumer<ClientTransaction> onTerminated) {
        super(context, request, destination, user, onTerminated);
        timerE = context.timer("E");
        timerF = context.timer("F");
        timerK = context.timer("K");
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
        // §17.1.2.2: Timer E only on unreliable transports; Timer F always.
        if (!reliable()) {
            timerEInterval = context.timers().timerE();
            timerE.start(timerEInterval, this::onTimerE);
        }
        timerF.start(context.timers().timerF(), this::onTimerF);
    }

    private void onTimerE() {
        if ((state != State.TRYING && state != State.PROCEEDING) || !resend(request)) {
            return;
        }
        // §17.1.2.2: in Trying the interval doubles up to T2; in Proceeding it is T2 (the server is
        // known to be working on it, so only keep the request alive against loss).
        Duration t2 = context.timers().t2();
        if (state == State.TRYING) {
            Duration doubled = timerEInterval.multipliedBy(2);
            timerEInterval = doubled.compareTo(t2) < 0 ? doubled : t2;
        } else {
            timerEInterval = t2;
        }
        timerE.start(timerEInterval, this::onTimerE);
    }

    private void onTimerF() {
        if (state == State.TRYING || state == State.PROCEEDING) {
            context.metrics().timedOut("F", request.method());
            terminate();
            user.onTimeout();
        }
    }

    @Override
    void receiveResponse(SipResponse response) {
        switch (state) {
            case TRYING, PROCEEDING -> {
                if (response.isProvisional()) {
                    state = State.PROCEEDING;
                    user.onProvisional(response);
                } else {
                    complete(response);
                }
            }
            case COMPLETED -> {
                // §17.1.2.2: Completed buffers (absorbs) retransmitted finals until Timer K.
                if (response.isFinal()) {
                    context.metrics().retransmissionAbsorbed(response);
                }
            }
            case TERMINATED -> {
            }
        }
    }

    private void complete(SipResponse finalResponse) {
        state = State.COMPLETED;
        timerE.cancel();
        timerF.cancel();
        user.onFinal(finalResponse);
        if (state == State.COMPLETED) {
            timerK.start(context.timers().timerK(reliable()), this::onTimerK);
        }
    }

    private void onTimerK() {
        if (state == State.COMPLETED) {
            terminate();
        }
    }

    @Override
    void transportFailed() {
        // Figure 6: transport errors end Trying and Proceeding; in Completed we send nothing.
        if (state == State.TRYING || state == State.PROCEEDING) {
            terminate();
            user.onTransportError();
        }
    }

    private void terminate() {
        state = State.TERMINATED;
        timerE.cancel();
        timerF.cancel();
        timerK.cancel();
        removeFromLayer();
    }
}
