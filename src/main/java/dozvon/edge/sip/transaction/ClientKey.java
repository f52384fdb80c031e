package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.CSeq;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.Via;

/**
 * RFC 3261 §17.1.3: a response matches a client transaction by the branch of its top Via and the
 * method of its CSeq. The method keeps a CANCEL apart from the INVITE whose branch it shares.
 */
record ClientKey(String branch, String method) {

    /** The key a response points at, or null when it lacks a branch or CSeq. */
    static ClientKey of(SipResponse response) {
        Via top = response.topVia();
        CSeq cseq = response.cseq();
        if (top == null || cseq == null) {
            return null;
        }
        return top.branch().map(b -> new ClientKey(b, cseq.method())).orElse(null);
    }
}
