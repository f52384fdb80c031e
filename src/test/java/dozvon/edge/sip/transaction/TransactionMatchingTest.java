package dozvon.edge.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.Via;
import org.junit.jupiter.api.Test;

class TransactionMatchingTest extends LayerFixture {

    @Test
    void sameBranchFromAnotherSentByIsAnotherTransaction() {
        SipRequest invite = Sip.invite();
        layer.receive(invite, Sip.PEER_UDP);
        SipRequest other = invite.withoutTopVia().withTopVia(Via.of("UDP", "203.0.113.5", 5060, "z9hG4bK-inv-1"));
        layer.receive(other, Sip.PEER_UDP);
        assertThat(handler.requests).hasSize(2);
        assertThat(layer.serverCount()).isEqualTo(2);
    }

    @Test
    void sentByComparesHostCaseInsensitively() {
        SipRequest invite = Sip.request("OPTIONS", "UDP", "z9hG4bK-o1");
        layer.receive(invite, Sip.PEER_UDP);
        SipRequest upper = invite.withoutTopVia().withTopVia(Via.of("UDP", "EXAMPLE.com", 5060, "z9hG4bK-o1"));
        SipRequest lower = invite.withoutTopVia().withTopVia(Via.of("UDP", "example.COM", 5060, "z9hG4bK-o1"));
        layer.receive(upper, Sip.PEER_UDP);
        layer.receive(lower, Sip.PEER_UDP);
        assertThat(handler.requests).hasSize(2);
    }

    @Test
    void ackToNonSuccessIsAbsorbedByTheInviteTransaction() {
        SipRequest invite = Sip.invite();
        layer.receive(invite, Sip.PEER_UDP);
        SipResponse busy = Sip.response(invite, 486);
        handler.last().respond(busy);
        layer.receive(Sip.ackFor(invite, busy), Sip.PEER_UDP);
        assertThat(handler.acks).isEmpty();
        assertThat(((InviteServerTransaction) handler.last()).state())
                .isEqualTo(InviteServerTransaction.State.CONFIRMED);
    }

    @Test
    void ackToSuccessWithItsOwnBranchGoesToTheTu() {
        SipRequest invite = Sip.invite();
        layer.receive(invite, Sip.PEER_UDP);
        SipResponse ok = Sip.response(invite, 200);
        handler.last().respond(ok);
        SipRequest ack = Sip.ackFor(invite, ok).withoutTopVia()
                .withTopVia(Via.of("UDP", "192.0.2.10", 5060, "z9hG4bK-ack-2xx"));
        layer.receive(ack, Sip.PEER_UDP);
        assertThat(handler.acks).containsExactly(ack);
        assertThat(handler.requests).hasSize(1);
    }

    @Test
    void cancelIsItsOwnTransactionAndFindsTheInviteItCancels() {
        SipRequest invite = Sip.invite();
        layer.receive(invite, Sip.PEER_UDP);
        InviteServerTransaction inviteTx = (InviteServerTransaction) handler.last();
        SipRequest cancel = CancelBuilder.forInvite(invite);
        layer.receive(cancel, Sip.PEER_UDP);

        assertThat(handler.requests).hasSize(2);
        ServerTransaction cancelTx = handler.last();
        assertThat(cancelTx).isInstanceOf(NonInviteServerTransaction.class).isNotSameAs(inviteTx);
        assertThat(layer.findCancelledInvite(cancelTx.request())).containsSame(inviteTx);

        // What the TU does with it (§9.2): 200 to the CANCEL, 487 to the INVITE.
        cancelTx.respond(Sip.response(cancel, 200));
        inviteTx.respond(Sip.response(invite, 487));
        assertThat(transport.responses(200)).hasSize(1);
        assertThat(transport.responses(487)).hasSize(1);

        SipRequest unknown = CancelBuilder.forInvite(Sip.invite("UDP", "z9hG4bK-unknown"));
        assertThat(layer.findCancelledInvite(unknown)).isEmpty();
    }

    @Test
    void rfc2543RetransmissionMatchesWithoutMagicCookie() {
        SipRequest invite = Sip.invite("UDP", "1234-old-style");
        assertThat(invite.topVia().hasRfc3261Branch()).isFalse();
        layer.receive(invite, Sip.PEER_UDP);
        layer.receive(invite, Sip.PEER_UDP);
        assertThat(handler.requests).hasSize(1);
        assertThat(transport.responses(100)).hasSize(2);

        SipRequest noBranch = Sip.invite("UDP", null);
        layer.receive(noBranch, Sip.PEER_UDP);
        layer.receive(noBranch, Sip.PEER_UDP);
        // Differs from the first in its top Via (no branch at all), so it is a transaction of its own.
        assertThat(handler.requests).hasSize(2);
    }

    @Test
    void rfc2543FallbackLooksAtEveryField() {
        SipRequest invite = Sip.invite("UDP", null);
        layer.receive(invite, Sip.PEER_UDP);
        layer.receive(invite.withReplacedHeader("CSeq", "2 INVITE"), Sip.PEER_UDP);
        layer.receive(invite.withReplacedHeader("Call-ID", "other@host"), Sip.PEER_UDP);
        layer.receive(invite.withRequestUri(dozvon.edge.sip.message.SipUri.parse("sip:carol@example.com")),
                Sip.PEER_UDP);
        layer.receive(invite.withReplacedHeader("From", "<sip:alice@example.com>;tag=from-2"), Sip.PEER_UDP);
        assertThat(handler.requests).hasSize(5);
    }

    @Test
    void rfc2543AckMatchesByTheToTagOfTheResponse() {
        SipRequest invite = Sip.invite("UDP", null);
        layer.receive(invite, Sip.PEER_UDP);
        InviteServerTransaction tx = (InviteServerTransaction) handler.last();
        SipResponse busy = Sip.response(invite, 486);
        tx.respond(busy);

        SipRequest wrongTag = Sip.ackFor(invite, busy.withToTag("someone-else"));
        layer.receive(wrongTag, Sip.PEER_UDP);
        assertThat(handler.acks).containsExactly(wrongTag);
        assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.COMPLETED);

        layer.receive(Sip.ackFor(invite, busy), Sip.PEER_UDP);
        assertThat(tx.state()).isEqualTo(InviteServerTransaction.State.CONFIRMED);
        assertThat(handler.acks).hasSize(1);
    }

    @Test
    void rfc2543CancelFindsItsInvite() {
        SipRequest invite = Sip.invite("UDP", null);
        layer.receive(invite, Sip.PEER_UDP);
        InviteServerTransaction inviteTx = (InviteServerTransaction) handler.last();
        SipRequest cancel = CancelBuilder.forInvite(invite);
        layer.receive(cancel, Sip.PEER_UDP);
        assertThat(handler.requests).hasSize(2);
        assertThat(layer.findCancelledInvite(cancel)).containsSame(inviteTx);
    }

    @Test
    void responsesMatchByBranchAndCseqMethod() {
        RecordingClientUser inviteUser = new RecordingClientUser();
        RecordingClientUser cancelUser = new RecordingClientUser();
        InviteClientTransaction invite = (InviteClientTransaction) layer.sendRequest(Sip.invite(), Sip.PEER_UDP,
                inviteUser);
        layer.receive(Sip.response(invite.request(), 180), Sip.PEER_UDP);
        layer.cancel(invite, cancelUser);
        SipRequest cancel = transport.lastRequest("CANCEL");

        layer.receive(Sip.response(cancel, 200), Sip.PEER_UDP);
        layer.receive(Sip.response(invite.request(), 487), Sip.PEER_UDP);
        assertThat(cancelUser.events).containsExactly("final 200");
        assertThat(inviteUser.events).containsExactly("provisional 180", "final 487");

        SipResponse otherBranch = Sip.response(Sip.invite("UDP", "z9hG4bK-nobody"), 200);
        layer.receive(otherBranch, Sip.PEER_UDP);
        assertThat(handler.strays).containsExactly(otherBranch);
    }

    @Test
    void sendRequestAddsABranchWhenTheViaHasNone() {
        RecordingClientUser user = new RecordingClientUser();
        ClientTransaction tx = layer.sendRequest(Sip.request("OPTIONS", "UDP", null), Sip.PEER_UDP, user);
        assertThat(tx.branch()).isEqualTo("z9hG4bK-gen-1");
        assertThat(transport.lastRequest("OPTIONS").topVia().branch()).contains("z9hG4bK-gen-1");
        assertThat(transport.lastRequest("OPTIONS").vias()).hasSize(1);

        ClientTransaction kept = layer.sendRequest(Sip.request("OPTIONS", "UDP", "z9hG4bK-mine"), Sip.PEER_UDP, user);
        assertThat(kept.branch()).isEqualTo("z9hG4bK-mine");
        assertThat(BranchGenerator.random().next()).startsWith("z9hG4bK").hasSize(7 + 24);
    }

    @Test
    void sendRequestRefusesAckAndABranchInUse() {
        RecordingClientUser user = new RecordingClientUser();
        assertThatThrownBy(() -> layer.sendRequest(Sip.request("ACK", "UDP", "z9hG4bK-a"), Sip.PEER_UDP, user))
                .isInstanceOf(IllegalArgumentException.class);
        layer.sendRequest(Sip.request("OPTIONS", "UDP", "z9hG4bK-dup"), Sip.PEER_UDP, user);
        assertThatThrownBy(() -> layer.sendRequest(Sip.request("OPTIONS", "UDP", "z9hG4bK-dup"), Sip.PEER_UDP, user))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void sendAckPassesStraightToTheTransport() {
        SipRequest ack = layer.sendAck(Sip.request("ACK", "UDP", null), Sip.PEER_UDP);
        assertThat(ack.topVia().hasRfc3261Branch()).isTrue();
        assertThat(transport.requests("ACK")).hasSize(1);
        assertThat(layer.clientCount()).isZero();
    }

    @Test
    void requestWithoutViaIsDropped() {
        layer.receive(Sip.invite().withoutHeader("Via"), Sip.PEER_UDP);
        assertThat(handler.requests).isEmpty();
        assertThat(transport.all()).isEmpty();
    }
}
