package dozvon.edge.sip.b2bua;

import dozvon.edge.sip.message.HeaderNames;
import dozvon.edge.sip.message.NameAddr;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.Uri;
import dozvon.edge.sip.message.Via;
import dozvon.edge.sip.transaction.Destination;

/**
 * Our side of one dialog (RFC 3261 §12): enough to send requests into it (BYE, relayed re-INVITE/UPDATE/INFO).
 * {@code local} carries our tag, {@code remote} theirs; {@code remoteTarget} is their Contact.
 */
final class Dialog {

    final String callId;
    final NameAddr local;
    NameAddr remote;
    Uri remoteTarget;
    Destination destination;
    private long localCseq;

    Dialog(String callId, NameAddr local, NameAddr remote, Uri remoteTarget, Destination destination, long firstCseq) {
        this.callId = callId;
        this.local = local;
        this.remote = remote;
        this.remoteTarget = remoteTarget;
        this.destination = destination;
        this.localCseq = firstCseq;
    }

    /** A new request inside the dialog, with the next CSeq; the transaction layer adds the branch. */
    SipRequest request(String method, Via via, String contact) {
        localCseq++;
        SipRequest r = SipRequest.create(method, remoteTarget, via, local, remote, callId, localCseq);
        return r.withHeader(HeaderNames.CONTACT, contact);
    }

    /** An ACK for a 2xx to an INVITE with this CSeq: same CSeq number, its own branch (§13.2.2.4). */
    SipRequest ack(long inviteCseq, Via via) {
        return SipRequest.create("ACK", remoteTarget, via, local, remote, callId, inviteCseq);
    }
}
