package dozvon.edge.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InviteClientTransactionTest extends LayerFixture {
    private final RecordingClientUser user = new RecordingClientUser();

    private InviteClientTransaction sendInvite(Destination to) {
        String transport = to.isReliable() ? "TCP" : "UDP";
        return (InviteClientTransaction) layer.sendRequest(Sip.invite(transport, "z9hG4bK-c1"), to, user);
    }

    @Test
    void udpRetransmitsWithTimerADoublingUntilTimerBEndsIt() {
        InviteClientTransaction tx = sendInvite(Sip.PEER_UDP);

        clock.advanceMillis(31_999);
        // §17.1.1.2: T1, 2*T1, 4*T1 ... with no cap, measured from the first send.
        assertThat(transport.requestTimes("INVITE"))
                .containsExactly(0L, 500L, 1_500L, 3_500L, 7_500L, 15_500L, 31_500L);
        assertThat(user.events).isEmpty();

        clock.advanceMillis(1);
        assertThat(user.events).containsExactly("timeout");
        assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.TERMINATED);
        assertThat(layer.clientCount()).isZero();
        assertThat(metrics.retransmissionsSent).isEqualTo(6);
        assertThat(metrics.timeouts).containsExactly("B INVITE");
        assertThat(clock.pending()).isZero();
    }

    @Test
    void provisionalStopsRetransmissionsAndTimerB() {
        InviteClientTransaction tx = sendInvite(Sip.PEER_UDP);
        clock.advanceMillis(1_600);
        layer.receive(Sip.response(tx.request(), 180), Sip.PEER_UDP);

        clock.advance(Duration.ofMinutes(5));
        assertThat(transport.requestTimes("INVITE")).containsExactly(0L, 500L, 1_500L);
        assertThat(user.events).containsExactly("provisional 180");
        assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.PROCEEDING);

        layer.receive(Sip.response(tx.request(), 183), Sip.PEER_UDP);
        assertThat(user.events).containsExactly("provisional 180", "provisional 183");
    }

    @Test
    void tcpSendsOnceAndTimesOutWithTimerB() {
        InviteClientTransaction tx = sendInvite(Sip.PEER_TCP);
        clock.advanceMillis(31_999);
        assertThat(transport.requestTimes("INVITE")).containsExactly(0L);
        assertThat(transport.all().get(0).destination().connection()).isEqualTo("conn-1");
        assertThat(user.events).isEmpty();

        clock.advanceMillis(1);
        assertThat(user.events).containsExactly("timeout");
        assertThat(tx.isTerminated()).isTrue();
    }

    @Test
    void nonSuccessFinalIsAckedAndItsRetransmissionsReAckedDuringTimerD() {
        InviteClientTransaction tx = sendInvite(Sip.PEER_UDP);
        SipRequest invite = tx.request();
        layer.receive(Sip.response(invite, 180), Sip.PEER_UDP);
        SipResponse busy = Sip.response(invite, 486);
        layer.receive(busy, Sip.PEER_UDP);
        // Waiting out Timer D, the transaction keeps the ACK's bytes, not the INVITE.
        assertThatThrownBy(tx::request).isInstanceOf(IllegalStateException.class);

        assertThat(user.events).containsExactly("provisional 180", "final 486");
        assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.COMPLETED);
        SipRequest ack = transport.lastRequest("ACK");
        assertThat(transport.requests("ACK").get(0).destination()).isEqualTo(Sip.PEER_UDP);
        // §17.1.1.3: same Request-URI, branch and CSeq number; To (with tag) from the response.
        assertThat(ack.requestUri()).isEqualTo(invite.requestUri());
        assertThat(ack.vias()).hasSize(1);
        assertThat(ack.topVia().branch()).contains("z9hG4bK-c1");
        assertThat(ack.to().tag()).contains("to-1");
        assertThat(ack.cseq().number()).isEqualTo(1);
        assertThat(ack.cseq().method()).isEqualTo("ACK");
        assertThat(ack.from()).isEqualTo(invite.from());
        assertThat(ack.callId()).isEqualTo(invite.callId());

        clock.advanceMillis(10_000);
        layer.receive(busy, Sip.PEER_UDP);
        assertThat(transport.requests("ACK")).hasSize(2);
        assertThat(transport.lastRequest("ACK").toBytes()).isEqualTo(ack.toBytes());
        assertThat(user.events).containsExactly("provisional 180", "final 486");
        assertThat(metrics.retransmissionsAbsorbed).isEqualTo(1);

        clock.advanceMillis(21_999);
        assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.COMPLETED);
        clock.advanceMillis(1);
        // Timer D: 32 s on UDP.
        assertThat(tx.isTerminated()).isTrue();
        assertThat(layer.clientCount()).isZero();

        layer.receive(busy, Sip.PEER_UDP);
        assertThat(handler.strays).containsExactly(busy);
    }

    @Test
    void nonSuccessFinalWithoutProvisionalStopsTimerA() {
        InviteClientTransaction tx = sendInvite(Sip.PEER_UDP);
        clock.advanceMillis(600);
        layer.receive(Sip.response(tx.request(), 503), Sip.PEER_UDP);
        clock.advanceMillis(40_000);
        assertThat(transport.requestTimes("INVITE")).containsExactly(0L, 500L);
        assertThat(transport.requests("ACK")).hasSize(1);
        assertThat(user.events).containsExactly("final 503");
    }

    @Test
    void tcpNonSuccessFinalIsAckedAndTerminatesAtOnce() {
        InviteClientTransaction tx = sendInvite(Sip.PEER_TCP);
        layer.receive(Sip.response(tx.request(), 603), Sip.PEER_TCP);
        // Timer D is 0 on reliable transports.
        assertThat(transport.requests("ACK")).hasSize(1);
        assertThat(transport.requests("ACK").get(0).destination().connection()).isEqualTo("conn-1");
        assertThat(tx.isTerminated()).isTrue();
        assertThat(layer.clientCount()).isZero();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void successMovesToAcceptedAndPassesFurther2xxUpUntilTimerM() {
        InviteClientTransaction tx = sendInvite(Sip.PEER_UDP);
        SipRequest invite = tx.request();
        SipResponse ok = Sip.response(invite, 200);
        layer.receive(ok, Sip.PEER_UDP);

        assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.ACCEPTED);
        assertThat(user.events).containsExactly("final 200");
        // The transaction never ACKs a 2xx (§17.1.1.3): that is the dialog layer's job.
        assertThat(transport.requests("ACK")).isEmpty();

        clock.advanceMillis(2_000);
        layer.receive(ok, Sip.PEER_UDP);
        SipResponse fork = SipResponse.forRequest(invite, 200, "OK").withToTag("other-fork");
        layer.receive(fork, Sip.PEER_UDP);
        assertThat(user.events).containsExactly("final 200", "additional 200", "additional 200");
        assertThat(user.responses.get(2).to().tag()).contains("other-fork");
        assertThat(transport.requestTimes("INVITE")).containsExactly(0L);

        clock.advanceMillis(29_999);
        assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.ACCEPTED);
        clock.advanceMillis(1);
        // Timer M = 64*T1, from the first 2xx.
        assertThat(tx.isTerminated()).isTrue();
        layer.receive(ok, Sip.PEER_UDP);
        assertThat(handler.strays).containsExactly(ok);
    }

    @Test
    void acceptedOnTcpStillWaitsForTimerM() {
        InviteClientTransaction tx = sendInvite(Sip.PEER_TCP);
        layer.receive(Sip.response(tx.request(), 200), Sip.PEER_TCP);
        clock.advanceMillis(31_999);
        assertThat(tx.state()).isEqualTo(InviteClientTransaction.State.ACCEPTED);
        clock.advanceMillis(1);
        assertThat(tx.isTerminated()).isTrue();
    }

    @Test
    void transportErrorOnFirstSendIsReported() {
        transport.failWhen(m -> true);
        InviteClientTransaction tx = sendInvite(Sip.PEER_TCP);
        assertThat(user.events).containsExactly("transport error");
        assertThat(tx.isTerminated()).isTrue();
        assertThat(layer.clientCount()).isZero();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void transportErrorOnRetransmissionIsReported() {
        InviteClientTransaction tx = sendInvite(Sip.PEER_UDP);
        transport.failWhen(m -> true);
        clock.advanceMillis(500);
        assertThat(user.events).containsExactly("transport error");
        assertThat(tx.isTerminated()).isTrue();
        clock.advanceMillis(60_000);
        assertThat(user.events).containsExactly("transport error");
    }

    @Test
    void timerCWhenConfiguredFiresInProceedingAndRestartsOnEachProvisional() {
        layer = builder().timers(TransactionTimers.DEFAULT.withTimerC(Duration.ofMinutes(3))).build();
        InviteClientTransaction tx = sendInvite(Sip.PEER_UDP);
        layer.receive(Sip.response(tx.request(), 180), Sip.PEER_UDP);
        clock.advance(Duration.ofMinutes(2));
        layer.receive(Sip.response(tx.request(), 183), Sip.PEER_UDP);
        clock.advance(Duration.ofMinutes(2));
        assertThat(user.events).containsExactly("provisional 180", "provisional 183");
        clock.advance(Duration.ofMinutes(1));
        assertThat(user.events).containsExactly("provisional 180", "provisional 183", "timer C");
    }

    @Test
    void configuredT1ScalesTimers() {
        layer = builder().timers(new TransactionTimers(Duration.ofMillis(100), Duration.ofSeconds(4),
                Duration.ofSeconds(5), null)).build();
        sendInvite(Sip.PEER_UDP);
        clock.advanceMillis(6_400);
        assertThat(transport.requestTimes("INVITE")).containsExactly(0L, 100L, 300L, 700L, 1_500L, 3_100L, 6_300L);
        assertThat(user.events).containsExactly("timeout");
    }
}
