package dozvon.edge.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

class NonInviteServerTransactionTest extends LayerFixture {
    private final SipRequest byeUdp = Sip.request("BYE", "UDP", "z9hG4bK-b1");
    private final SipRequest byeTcp = Sip.request("BYE", "TCP", "z9hG4bK-b1");

    private NonInviteServerTransaction receive(SipRequest request, Destination from) {
        layer.receive(request, from);
        return (NonInviteServerTransaction) handler.last();
    }

    @Test
    void retransmissionInTryingIsDiscarded() {
        NonInviteServerTransaction tx = receive(byeUdp, Sip.PEER_UDP);
        layer.receive(byeUdp, Sip.PEER_UDP);
        // No 100 Trying for non-INVITE, and nothing to answer a retransmission with yet (§17.2.2).
        assertThat(transport.all()).isEmpty();
        assertThat(handler.requests).hasSize(1);
        assertThat(tx.state()).isEqualTo(NonInviteServerTransaction.State.TRYING);
        assertThat(metrics.retransmissionsAbsorbed).isEqualTo(1);
    }

    @Test
    void retransmissionGetsTheLastResponseAndTimerJEndsIt() {
        NonInviteServerTransaction tx = receive(byeUdp, Sip.PEER_UDP);
        tx.respond(Sip.response(byeUdp, 100));
        layer.receive(byeUdp, Sip.PEER_UDP);
        assertThat(transport.responses(100)).hasSize(2);
        assertThat(tx.state()).isEqualTo(NonInviteServerTransaction.State.PROCEEDING);

        clock.advanceMillis(1_000);
        assertThat(tx.respond(Sip.response(byeUdp, 200))).isTrue();
        layer.receive(byeUdp, Sip.PEER_UDP);
        assertThat(transport.responseTimes(200)).containsExactly(1_000L, 1_000L);
        // Completed answers from the final's wire form: the same bytes, and the BYE itself let go.
        assertThat(transport.responses(200).get(1).message().toBytes())
                .isEqualTo(transport.responses(200).get(0).message().toBytes());
        assertThatThrownBy(tx::request).isInstanceOf(IllegalStateException.class);
        assertThat(tx.respond(Sip.response(byeUdp, 500))).isFalse();
        assertThat(transport.responses(500)).isEmpty();
        assertThat(handler.requests).hasSize(1);

        clock.advanceMillis(31_999);
        assertThat(tx.state()).isEqualTo(NonInviteServerTransaction.State.COMPLETED);
        clock.advanceMillis(1);
        // Timer J = 64*T1 on UDP.
        assertThat(tx.isTerminated()).isTrue();
        assertThat(layer.serverCount()).isZero();

        layer.receive(byeUdp, Sip.PEER_UDP);
        assertThat(handler.requests).hasSize(2);
    }

    @Test
    void tcpFinalEndsItAtOnce() {
        NonInviteServerTransaction tx = receive(byeTcp, Sip.PEER_TCP);
        tx.respond(Sip.response(byeTcp, 200));
        assertThat(transport.responses(200).get(0).destination().connection()).isEqualTo("conn-1");
        assertThat(tx.isTerminated()).isTrue();
        assertThat(layer.serverCount()).isZero();
        assertThat(clock.pending()).isZero();
    }

    @Test
    void transportErrorIsReported() {
        NonInviteServerTransaction tx = receive(byeTcp, Sip.PEER_TCP);
        transport.failWhen(m -> m instanceof SipResponse);
        tx.respond(Sip.response(byeTcp, 200));
        assertThat(handler.transportErrors).containsExactly(tx);
        assertThat(tx.isTerminated()).isTrue();
        assertThat(layer.serverCount()).isZero();
    }
}
