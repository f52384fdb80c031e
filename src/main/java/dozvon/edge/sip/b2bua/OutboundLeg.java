package dozvon.edge.sip.b2bua;

import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.transaction.Destination;
import dozvon.edge.sip.transaction.InviteClientTransaction;

/** One ring attempt as SIP sees it: the INVITE we sent, its transaction and, once answered, its dialog. */
final class OutboundLeg {

    final String legId;
    final boolean isNumber;
    SipRequest invite;
    Destination destination;
    InviteClientTransaction transaction;
    boolean ringingReported;
    boolean finalSeen;
    boolean authRetried;
    /** The chain stopped this leg; a retry with credentials must not revive it. */
    boolean cancelled;
    SipResponse answer;
    Dialog dialog;
    /** The CSeq of the INVITE that was answered: a 2xx retransmission gets its ACK again. */
    long answeredCseq;

    OutboundLeg(String legId, boolean isNumber) {
        this.legId = legId;
        this.isNumber = isNumber;
    }
}
