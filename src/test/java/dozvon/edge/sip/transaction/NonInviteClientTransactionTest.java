package dozvon.edge.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import dozvon.edge.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

class NonInviteClientTransactionTest extends LayerFixture {
    private final RecordingClientUser user = new RecordingClientUser();

    private NonInviteClientTransaction send(String method, Destination to) {
        String transport = to.isReliable() ? "TCP" : "UDP";
        return (NonInviteClientTransaction) layer.sendRequest(Sip.request(method, transport, "z9hG4bK-n1"), to, user);
    }

    @Test
    void timerEDoublesUpToT2UntilTimerF() {
        NonInviteClientTransaction tx = send("OPTIONS", Sip.PEER_UDP);
        clock.advanceMillis(31_999);
        // §17.1.2.2: 0.5, 1, 2, 4 s, then capped at T2 = 4 s.
        assertThat(transport.requestTimes("OPTIONS")).containsExactly(
                0L, 500L, 1_500L, 3_500L, 7_500L, 11_500L, 15_500L, 19_500L, 23_500L, 27_500L, 31_500L);
        assertThat(user.events).isEmpty();

        clock.advanceMillis(1);
        assertThat(user.events).containsExactly("timeout");
        assertThat(tx.isTerminated()).isTrue();
        assertThat(layer.clientCount()).isZero();
        assertThat(metrics.timeouts).containsExactly("F OPTIONS");
        assertThat(clock.pending()).isZero();
    }

    @Test
    void inProceedingTimerERetransmitsEveryT2() {
        NonInviteClientTransaction tx = send("BYE", Sip.PEER_UDP);
        clock.advanceMillis(100);
        layer.receive(Sip.response(tx.request(), 100), Sip.PEER_UDP);
        assertThat(tx.state()).isEqualTo(NonInviteClientTransaction.State.PROCEEDING);
        clock.advanceMillis(12_400);
        // The Timer E already running fires at 0.5 s, then T2 each time (§17.1.2.2).
        assertThat(transport.requestTimes("BYE")).containsExactly(0L, 500L, 4_500L, 8_500L, 12_500L);
        assertThat(user.events).containsExactly("provisional 100");

        clock.advanceMillis(20_000);
        assertThat(user.events).containsExactly("provisional 100", "timeout");
    }

    @Test
    void tcpSendsOnceAndTimesOutWithTimerF() {
        NonInviteClientTransaction tx = send("OPTIONS", Sip.PEER_TCP);
        clock.advanceMillis(31_999);
        assertThat(transport.requestTimes("OPTIONS")).containsExactly(0L);
        clock.advanceMillis(1);
        assertThat(user.events).containsExactly("timeout");
        assertThat(tx.isTerminated()).isTrue();
    }

    @Test
    void finalResponseCompletesAndRetransmissionsAreAbsorbedUntilTimerK() {
        NonInviteClientTransaction tx = send("OPTIONS", Sip.PEER_UDP);
        clock.advanceMillis(700);
        SipResponse ok = Sip.response(tx.request(), 200);
        layer.receive(ok, Sip.PEER_UDP);
        assertThat(tx.state()).isEqualTo(NonInviteClientTransaction.State.COMPLETED);

        clock.advanceMillis(4_000);
        layer.receive(ok, Sip.PEER_UDP);
        assertThat(user.events).containsExactly("final 200");
        assertThat(metrics.retransmissionsAbsorbed).isEqualTo(1);
        assertThat(transport.requestTimes("OPTIONS")).containsExactly(0L, 500L);

        clock.advanceMillis(999);
        assertThat(tx.state()).isEqualTo(NonInviteClientTransaction.State.COMPLETED);
        clock.advanceMillis(1);
        // Timer K = T4 = 5 s on UDP.
        assertThat(tx.isTerminated()).isTrue();
        layer.receive(ok, Sip.PEER_UDP);
        assertThat(handler.strays).containsExactly(ok);
    }

    @Test
    void tcpFinalTerminatesAtOnce() {
        NonInviteClientTransaction tx = send("REGISTER", Sip.PEER_TCP);
        layer.receive(Sip.response(tx.request(), 401), Sip.PEER_TCP);
        assertThat(user.events).containsExactly("final 401");
        assertThat(tx.isTerminated()).isTrue();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void transportErrorIsReported() {
        transport.failWhen(m -> true);
        NonInviteClientTransaction tx = send("OPTIONS", Sip.PEER_UDP);
        assertThat(user.events).containsExactly("transport error");
        assertThat(tx.isTerminated()).isTrue();
        assertThat(layer.clientCount()).isZero();
    }

    @Test
    void asynchronousTransportErrorIsReported() {
        Runnable[] failure = new Runnable[1];
        TransactionTransport later = new TransactionTransport() {
            @Override
            public void send(dozvon.edge.sip.message.SipMessage message, Destination destination) {
            }

            @Override
            public void send(dozvon.edge.sip.message.SipMessage message, Destination destination, Runnable onFailure) {
                failure[0] = onFailure;
            }
        };
        layer = TransactionLayer.builder(later, clock, handler).build();
        NonInviteClientTransaction tx = send("OPTIONS", Sip.PEER_TCP);
        assertThat(user.events).isEmpty();
        failure[0].run();
        assertThat(user.events).containsExactly("transport error");
        assertThat(tx.isTerminated()).isTrue();
    }
}
