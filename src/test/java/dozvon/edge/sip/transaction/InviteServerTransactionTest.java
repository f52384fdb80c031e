package dozvon.edge.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

class InviteServerTransactionTest extends LayerFixture {
    private final SipRequest inviteUdp = Sip.invite("UDP", "z9hG4bK-s1");
    private final SipRequest inviteTcp = Sip.invite("TCP", "z9hG4bK-s1");

    private InviteServerTransaction receive(SipRequest invite, Destination from) {
        layer.receive(invite, from);
        return (InviteServerTransaction) handler.last();
    }

    @Test
    void sends100TryingAtOnceAndPassesTheInviteUp() {
        InviteServerTransaction tx = receive(inviteUdp, Sip.PEER_UDP);
        assertThat(transport.responseTimes(100)).containsExactly(0L);
        SipResponse trying = (SipResponse) transport.responses(100).get(0).message();
        assertThat(trying.to().tag()).isEmpty();
        assertThat(transport.responses(100).get(0).destination()).isEqualTo(Sip.PEER_UDP);
        assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.PROCEEDING);
        assertThat(handler.requests).hasSize(1);
    }

    @Test
    void delayedTryingGoesOutAfter200msOnlyIfTheTuIsSilent() {
        layer = builder().tryingAtOnce(false).build();
        receive(inviteUdp, Sip.PEER_UDP);
        clock.advanceMillis(199);
        assertThat(transport.responses(100)).isEmpty();
        clock.advanceMillis(1);
        assertThat(transport.responseTimes(100)).containsExactly(200L);

        handler.answer = tx -> tx.respond(Sip.response(tx.request(), 180));
        receive(Sip.invite("UDP", "z9hG4bK-s2"), Sip.PEER_UDP);
        clock.advanceMillis(1_000);
        assertThat(transport.responses(100)).hasSize(1);
    }

    @Test
    void retransmittedInviteInProceedingGetsTheLatestProvisional() {
        InviteServerTransaction tx = receive(inviteUdp, Sip.PEER_UDP);
        layer.receive(inviteUdp, Sip.PEER_UDP);
        assertThat(transport.responses(100)).hasSize(2);

        tx.respond(Sip.response(inviteUdp, 180));
        layer.receive(inviteUdp, Sip.PEER_UDP);
        assertThat(transport.responses(180)).hasSize(2);
        assertThat(handler.requests).hasSize(1);
        assertThat(metrics.retransmissionsAbsorbed).isEqualTo(2);
        assertThat(metrics.retransmissionsSent).isEqualTo(2);
    }

    @Test
    void nonSuccessFinalIsRetransmittedWithTimerGUntilTimerH() {
        InviteServerTransaction tx = receive(inviteUdp, Sip.PEER_UDP);
        clock.advanceMillis(1_000);
        assertThat(tx.respond(Sip.response(inviteUdp, 486))).isTrue();
        assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.COMPLETED);

        clock.advanceMillis(31_999);
        // §17.2.1: T1, 2*T1 ... capped at T2, from the first send at 1 s.
        assertThat(transport.responseTimes(486)).containsExactly(
                1_000L, 1_500L, 2_500L, 4_500L, 8_500L, 12_500L, 16_500L, 20_500L, 24_500L, 28_500L, 32_500L);
        assertThat(handler.timeouts).isEmpty();

        clock.advanceMillis(1);
        assertThat(handler.timeouts).containsExactly(tx);
        assertThat(tx.isTerminated()).isTrue();
        assertThat(layer.serverCount()).isZero();
        assertThat(metrics.timeouts).containsExactly("H INVITE");
        assertThat(clock.pending()).isZero();
    }

    @Test
    void retransmittedInviteInCompletedGetsTheFinalAgain() {
        InviteServerTransaction tx = receive(inviteUdp, Sip.PEER_UDP);
        tx.respond(Sip.response(inviteUdp, 404));
        layer.receive(inviteUdp, Sip.PEER_UDP);
        assertThat(transport.responseTimes(404)).containsExactly(0L, 0L);
        assertThat(handler.requests).hasSize(1);
    }

    @Test
    void ackConfirmsAndIsAbsorbedUntilTimerI() {
        InviteServerTransaction tx = receive(inviteUdp, Sip.PEER_UDP);
        SipResponse busy = Sip.response(inviteUdp, 486);
        tx.respond(busy);
        clock.advanceMillis(600);
        SipRequest ack = Sip.ackFor(inviteUdp, busy);
        layer.receive(ack, Sip.PEER_UDP);
        assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.CONFIRMED);

        layer.receive(ack, Sip.PEER_UDP);
        clock.advanceMillis(4_999);
        // Timer G stopped with the ACK; the ACKs went nowhere near the TU.
        assertThat(transport.responseTimes(486)).containsExactly(0L, 500L);
        assertThat(handler.acks).isEmpty();
        assertThat(metrics.retransmissionsAbsorbed).isEqualTo(1);
        assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.CONFIRMED);

        clock.advanceMillis(1);
        // Timer I = T4 = 5 s on UDP, from the ACK.
        assertThat(tx.isTerminated()).isTrue();
        assertThat(handler.timeouts).isEmpty();
        assertThat(layer.serverCount()).isZero();
    }

    @Test
    void tcpFinalIsNotRetransmittedAndTheAckEndsItAtOnce() {
        InviteServerTransaction tx = receive(inviteTcp, Sip.PEER_TCP);
        assertThat(transport.responses(100).get(0).destination().connection()).isEqualTo("conn-1");
        SipResponse busy = Sip.response(inviteTcp, 486);
        tx.respond(busy);
        clock.advanceMillis(20_000);
        assertThat(transport.responseTimes(486)).containsExactly(0L);

        layer.receive(Sip.ackFor(inviteTcp, busy), Sip.PEER_TCP);
        // Timer I is 0 on reliable transports.
        assertThat(tx.isTerminated()).isTrue();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void tcpTimerHStillFiresWithoutAck() {
        InviteServerTransaction tx = receive(inviteTcp, Sip.PEER_TCP);
        tx.respond(Sip.response(inviteTcp, 500));
        clock.advanceMillis(32_000);
        assertThat(handler.timeouts).containsExactly(tx);
        assertThat(transport.responses(500)).hasSize(1);
    }

    @Test
    void theLatestResponsesToTagOutlivesTheResponseForALateCancel() {
        InviteServerTransaction tx = receive(inviteUdp, Sip.PEER_UDP);
        assertThat(tx.lastResponseToTag()).isEmpty(); // 100 Trying has no tag
        tx.respond(SipResponse.forRequest(inviteUdp, 180, "Ringing").withToTag("ringing-tag"));
        assertThat(tx.lastResponseToTag()).contains("ringing-tag");
        tx.respond(SipResponse.forRequest(inviteUdp, 200, "OK").withToTag("answer-tag"));
        // Accepted keeps neither the INVITE nor the 200, but a CANCEL's 200 still gets the tag (§9.2)
        assertThatThrownBy(tx::request).isInstanceOf(IllegalStateException.class);
        assertThat(tx.lastResponseToTag()).contains("answer-tag");
    }

    @Test
    void successMovesToAcceptedWhichAbsorbsInvitesAndEndsWithTimerL() {
        InviteServerTransaction tx = receive(inviteUdp, Sip.PEER_UDP);
        SipResponse ok = Sip.response(inviteUdp, 200);
        tx.respond(ok);
        assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.ACCEPTED);

        layer.receive(inviteUdp, Sip.PEER_UDP);
        clock.advanceMillis(5_000);
        // RFC 6026 §8.5: no 2xx retransmissions of its own, and the retransmitted INVITE is absorbed.
        assertThat(transport.responses(200)).hasSize(1);
        assertThat(handler.requests).hasSize(1);

        // The TU (dialog layer) retransmits its 2xx through the transaction.
        assertThat(tx.respond(ok)).isTrue();
        assertThat(transport.responses(200)).hasSize(2);
        assertThat(tx.respond(Sip.response(inviteUdp, 487))).isFalse();

        clock.advanceMillis(26_999);
        assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.ACCEPTED);
        clock.advanceMillis(1);
        assertThat(tx.isTerminated()).isTrue();
        assertThat(layer.serverCount()).isZero();
    }

    @Test
    void ackMatchingAnAcceptedTransactionGoesToTheTu() {
        InviteServerTransaction tx = receive(inviteUdp, Sip.PEER_UDP);
        SipResponse ok = Sip.response(inviteUdp, 200);
        tx.respond(ok);
        // A (non-compliant) ACK reusing the INVITE's branch matches the transaction (RFC 6026 §7.1).
        SipRequest sameBranchAck = Sip.ackFor(inviteUdp, ok);
        layer.receive(sameBranchAck, Sip.PEER_UDP);
        assertThat(handler.acks).containsExactly(sameBranchAck);
        assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.ACCEPTED);
    }

    @Test
    void acceptedOnTcpAlsoWaitsForTimerL() {
        InviteServerTransaction tx = receive(inviteTcp, Sip.PEER_TCP);
        tx.respond(Sip.response(inviteTcp, 200));
        clock.advanceMillis(31_999);
        assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.ACCEPTED);
        clock.advanceMillis(1);
        assertThat(tx.isTerminated()).isTrue();
    }

    @Test
    void transportErrorOnAResponseIsReported() {
        InviteServerTransaction tx = receive(inviteTcp, Sip.PEER_TCP);
        transport.failWhen(m -> m instanceof SipResponse r && r.status() == 486);
        tx.respond(Sip.response(inviteTcp, 486));
        assertThat(handler.transportErrors).containsExactly(tx);
        assertThat(tx.isTerminated()).isTrue();
        assertThat(layer.serverCount()).isZero();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void transportErrorIn100TryingEndsItBeforeTheTuSeesIt() {
        transport.failWhen(m -> true);
        layer.receive(inviteTcp, Sip.PEER_TCP);
        assertThat(handler.requests).isEmpty();
        assertThat(handler.transportErrors).hasSize(1);
        assertThat(layer.serverCount()).isZero();
    }

    @Test
    void transportErrorInAcceptedIsReportedButTheTransactionStays() {
        InviteServerTransaction tx = receive(inviteTcp, Sip.PEER_TCP);
        tx.respond(Sip.response(inviteTcp, 200));
        transport.failWhen(m -> true);
        tx.respond(Sip.response(inviteTcp, 200));
        assertThat(handler.transportErrors).containsExactly(tx);
        assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.ACCEPTED);
    }

    @Test
    void responsesFollowViaRportOverUdp() {
        SipRequest withRport = inviteUdp.withoutTopVia()
                .withTopVia(inviteUdp.topVia().withParam("rport", null));
        Destination natted = Destination.udp("198.51.100.7", 40123);
        receive(withRport, natted);
        assertThat(transport.responses(100).get(0).destination()).isEqualTo(natted);

        receive(Sip.invite("UDP", "z9hG4bK-s3"), natted);
        // Without rport: the source address, but the port from sent-by (§18.2.2).
        assertThat(transport.responses(100).get(1).destination()).isEqualTo(Destination.udp("198.51.100.7", 5060));
    }
}
