package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import java.time.Duration;

/**
 * INVITE server transaction: RFC 3261 §17.2.1 (Figure 7) as amended by RFC 6026 §7.1 (Accepted).
 *
 * <pre>
 *  Proceeding ──300-699 from TU──▶ Completed ──ACK──▶ Confirmed ──Timer I──▶ Terminated
 *      │                              └──Timer H / transport error: tell TU──▶ Terminated
 *      └──2xx from TU──▶ Accepted ──Timer L──▶ Terminated
 * </pre>
 */
public final class InviteServerTransaction extends ServerTransaction {

    public enum State { PROCEEDING, COMPLETED, CONFIRMED, ACCEPTED, TERMINATED }

    /** §17.2.1: 100 Trying is due if the TU has not answered within 200 ms. */
    static final Duration TRYING_DELAY = Duration.ofMillis(200);

    private final TransactionTimer timerTrying;
    private final TransactionTimer timerG;
    private final TransactionTimer timerH;
    private final TransactionTimer timerI;
    private final TransactionTimer timerL;
    private State state = State.PROCEEDING;
    private Duration timerGInterval;

    InviteServerTransaction(TransactionContext context, SipRequest request, Destination source, ServerKey key,
                            Events events) {
        super(context, request, source, key, events);
        timerTrying = context.timer("100 Trying");
        timerG = context.timer("G");
        timerH = context.timer("H");
        timerI = context.timer("I");
        timerL = context.timer("L");
    }

    public State state() {
        return state;
    }

    @Override
    public boolean isTerminated() {
        return state == State.TERMINATED;
    }

    /**
     * Enters Proceeding. With {@code tryingAtOnce} a 100 Trying goes out now, which quenches the
     * client's Timer A at once; otherwise only if the TU is silent for 200 ms (§17.2.1).
     */
    void start(boolean tryingAtOnce) {
        if (tryingAtOnce) {
            sendTrying();
        } else {
            timerTrying.start(TRYING_DELAY, () -> {
                if (state == State.PROCEEDING && lastResponse == null) {
                    sendTrying();
                }
            });
        }
    }

    private void sendTrying() {
        // §17.2.1: built per §8.2.6, but without adding a To tag.
        SipResponse trying = SipResponse.forRequest(request(), 100, "Trying");
        lastResponse = trying;
        send(trying);
    }

    @Override
    public boolean respond(SipResponse response) {
        switch (state) {
            case PROCEEDING -> {
                timerTrying.cancel();
                if (response.isProvisional()) {
                    lastResponse = response;
                    send(response);
                } else if (response.isSuccess()) {
                    // RFC 6026 §8.5: the TU retransmits its 2xx; the transaction waits in Accepted.
                    state = State.ACCEPTED;
                    finalSent(response, false); // RFC 6026 §8.7: Accepted absorbs INVITE retransmissions
                    timerL.start(context.timers().timerL(), this::onTimerL);
                    send(response);
                } else {
                    state = State.COMPLETED;
                    finalSent(response, true);
                    if (!reliable()) {
                        timerGInterval = context.timers().timerG();
                        timerG.start(timerGInterval, this::onTimerG);
                    }
                    timerH.start(context.timers().timerH(), this::onTimerH);
                    send(response);
                }
                return true;
            }
            case ACCEPTED -> {
                // RFC 6026 §8.5: 2xx retransmissions (or further 2xx) from the TU are passed down.
                if (!response.isSuccess()) {
                    return false;
                }
                send(response);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void onTimerG() {
        if (state != State.COMPLETED || finalResponse == null || !resend(finalResponse.message())) {
            return;
        }
        Duration doubled = timerGInterval.multipliedBy(2);
        Duration t2 = context.timers().t2();
        timerGInterval = doubled.compareTo(t2) < 0 ? doubled : t2;
        timerG.start(timerGInterval, this::onTimerG);
    }

    private void onTimerH() {
        if (state == State.COMPLETED) {
            // §17.2.1: the ACK never came; the TU learns of it (RFC 3261 calls it a transaction failure).
            context.metrics().timedOut("H", SipRequest.INVITE);
            terminate();
            events.timedOut(this);
        }
    }

    private void onTimerI() {
        if (state == State.CONFIRMED) {
            terminate();
        }
    }

    private void onTimerL() {
        if (state == State.ACCEPTED) {
            terminate();
        }
    }

    @Override
    void receiveRetransmission(SipRequest retransmission) {
        switch (state) {
            // §17.2.1: answer with the most recent provisional (Proceeding) or the final (Completed).
            case PROCEEDING -> {
                if (lastResponse != null) {
                    resend(lastResponse);
                }
            }
            case COMPLETED -> {
                if (finalResponse != null) {
                    resend(finalResponse.message());
                }
            }
            // RFC 6026 §8.7: in Accepted the INVITE is absorbed; the TU's own 2xx retransmissions cover
            // it. In Confirmed nothing is owed.
            case ACCEPTED, CONFIRMED, TERMINATED -> {
            }
        }
    }

    /** An ACK matched to this transaction (§17.2.3 maps ACK onto the INVITE). */
    void receiveAck(SipRequest ack, Destination from) {
        switch (state) {
            case COMPLETED -> {
                state = State.CONFIRMED;
                timerG.cancel();
                timerH.cancel();
                timerI.start(context.timers().timerI(reliable()), this::onTimerI);
            }
            case CONFIRMED -> context.metrics().retransmissionAbsorbed(ack);
            // RFC 6026 §7.1: an ACK matching an Accepted transaction goes to the TU (it ACKs the 2xx).
            case ACCEPTED -> events.ackForAccepted(this, ack, from);
            case PROCEEDING, TERMINATED -> {
            }
        }
    }

    @Override
    void transportFailed() {
        switch (state) {
            case PROCEEDING, COMPLETED -> {
                terminate();
                events.transportFailed(this);
            }
            // RFC 6026 §7.1: in Accepted the error is reported, and the transaction stays to absorb
            // INVITE retransmissions until Timer L.
            case ACCEPTED -> events.transportFailed(this);
            case CONFIRMED, TERMINATED -> {
            }
        }
    }

    private void terminate() {
        state = State.TERMINATED;
        timerTrying.cancel();
        timerG.cancel();
        timerH.cancel();
        timerI.cancel();
        timerL.cancel();
        events.terminated(this);
    }
}
