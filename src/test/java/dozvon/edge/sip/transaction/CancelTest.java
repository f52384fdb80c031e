package dozvon.edge.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dozvon.edge.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

class CancelTest extends LayerFixture {
    private final RecordingClientUser inviteUser = new RecordingClientUser();
    private final RecordingClientUser cancelUser = new RecordingClientUser();

    private InviteClientTransaction invite() {
        SipRequest invite = Sip.invite("UDP", "z9hG4bK-c1").withHeader("Route", "<sip:proxy.example.com;lr>")
                .withHeader("Require", "100rel");
        return (InviteClientTransaction) layer.sendRequest(invite, Sip.PEER_UDP, inviteUser);
    }

    @Test
    void cancelCopiesTheFieldsSection9Point1Names() {
        SipRequest invite = invite().request();
        SipRequest cancel = CancelBuilder.forInvite(invite);
        assertThat(cancel.method()).isEqualTo("CANCEL");
        assertThat(cancel.requestUri()).isEqualTo(invite.requestUri());
        assertThat(cancel.callId()).isEqualTo(invite.callId());
        assertThat(cancel.from()).isEqualTo(invite.from());
        assertThat(cancel.to()).isEqualTo(invite.to());
        assertThat(cancel.cseq().number()).isEqualTo(invite.cseq().number());
        assertThat(cancel.cseq().method()).isEqualTo("CANCEL");
        assertThat(cancel.vias()).containsExactly(invite.topVia());
        assertThat(cancel.header("Route")).contains("<sip:proxy.example.com;lr>");
        assertThat(cancel.require()).isEmpty();
        assertThatThrownBy(() -> CancelBuilder.forInvite(Sip.request("BYE", "UDP", "z9hG4bK-x")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancelWaitsForTheFirstProvisional() {
        InviteClientTransaction tx = invite();
        assertThat(layer.cancel(tx, cancelUser)).isEqualTo(CancelOutcome.DEFERRED_UNTIL_PROVISIONAL);
        clock.advanceMillis(1_000);
        assertThat(transport.requests("CANCEL")).isEmpty();

        layer.receive(Sip.response(tx.request(), 100), Sip.PEER_UDP);
        assertThat(transport.requestTimes("CANCEL")).containsExactly(1_000L);
        assertThat(transport.requests("CANCEL").get(0).destination()).isEqualTo(tx.destination());
        assertThat(layer.clientCount()).isEqualTo(2);
        assertThat(layer.cancel(tx, cancelUser)).isEqualTo(CancelOutcome.ALREADY_REQUESTED);

        // The CANCEL is a non-INVITE transaction: Timer E retransmits it on UDP.
        clock.advanceMillis(500);
        assertThat(transport.requests("CANCEL")).hasSize(2);
    }

    @Test
    void cancelInProceedingGoesOutAtOnce() {
        InviteClientTransaction tx = invite();
        layer.receive(Sip.response(tx.request(), 180), Sip.PEER_UDP);
        assertThat(layer.cancel(tx, cancelUser)).isEqualTo(CancelOutcome.SENT);
        assertThat(transport.requests("CANCEL")).hasSize(1);
    }

    @Test
    void deferredCancelIsDroppedWhenAFinalArrivesFirst() {
        InviteClientTransaction tx = invite();
        layer.cancel(tx, cancelUser);
        layer.receive(Sip.response(tx.request(), 486), Sip.PEER_UDP);
        assertThat(transport.requests("CANCEL")).isEmpty();
        assertThat(layer.cancel(tx, cancelUser)).isEqualTo(CancelOutcome.ALREADY_REQUESTED);
    }

    @Test
    void cancelAfterAFinalIsTooLate() {
        InviteClientTransaction tx = invite();
        layer.receive(Sip.response(tx.request(), 200), Sip.PEER_UDP);
        assertThat(layer.cancel(tx, cancelUser)).isEqualTo(CancelOutcome.TOO_LATE);
        assertThat(transport.requests("CANCEL")).isEmpty();
    }
}
