package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.CSeq;
import dozvon.edge.sip.message.NameAddr;
import dozvon.edge.sip.message.SipMessage;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.Via;
import java.util.Locale;
import java.util.Objects;

/**
 * How a request finds its server transaction (RFC 3261 §17.2.3). ACK is looked up under INVITE, since
 * the ACK to a non-2xx belongs to the INVITE's transaction; CANCEL keeps its own method.
 */
sealed interface ServerKey {

    /** With a magic-cookie branch: branch, sent-by of the top Via, and method. */
    record Branch(String branch, String sentBy, String method) implements ServerKey {
    }

    /**
     * The RFC 2543 fallback: Request-URI, From tag, Call-ID, CSeq and top Via. The To tag is checked
     * after the lookup, because for an ACK it must equal the tag of the response the server sent,
     * not the tag of the INVITE.
     */
    record Rfc2543(String requestUri, String fromTag, String callId, long cseqNumber, String method, Via topVia)
            implements ServerKey {
    }

    /** The key of {@code request}, taking ACK as INVITE; null when the request lacks Via or CSeq. */
    static ServerKey of(SipRequest request) {
        String method = request.isMethod(SipRequest.ACK) ? SipRequest.INVITE : request.method();
        return withMethod(request, method);
    }

    /** The key {@code request} would have if its method were {@code method} (CANCEL → its INVITE, §9.2). */
    static ServerKey withMethod(SipRequest request, String method) {
        Via top = request.topVia();
        CSeq cseq = request.cseq();
        if (top == null || cseq == null || request.callId() == null) {
            return null;
        }
        if (top.hasRfc3261Branch()) {
            // §17.2.3: sent-by compares as host (case-insensitive) and port.
            return new Branch(top.branch().orElseThrow(), top.sentBy().toLowerCase(Locale.ROOT), method);
        }
        NameAddr from = request.from();
        return new Rfc2543(request.requestUri().toString(), from == null ? null : from.tag().orElse(null),
                request.callId(), cseq.number(), method, top);
    }

    /** The To tag of a header, or null. */
    static String toTag(SipMessage message) {
        NameAddr to = message.to();
        return to == null ? null : to.tag().orElse(null);
    }

    static boolean sameTag(String a, String b) {
        return Objects.equals(a, b);
    }
}
