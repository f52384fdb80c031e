package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.CSeq;
import dozvon.edge.sip.message.Header;
import dozvon.edge.sip.message.HeaderNames;
import dozvon.edge.sip.message.SipHeaders;
import dozvon.edge.sip.message.SipRequest;

/**
 * Builds the CANCEL for an INVITE (RFC 3261 §9.1). Sending it is only allowed once a provisional
 * response has arrived; {@link TransactionLayer#cancel} enforces that.
 */
public final class CancelBuilder {
    private CancelBuilder() {
    }

    /**
     * Request-URI, Call-ID, To, From and the CSeq number equal the INVITE's; the CSeq method is
     * CANCEL; the single Via equals the INVITE's top Via (same branch, so it reaches the same server
     * transaction's neighbour, §9.2); Route headers are copied. Require and Proxy-Require are not
     * (§9.1: a CANCEL must not carry them).
     */
    public static SipRequest forInvite(SipRequest invite) {
        if (!invite.isMethod(SipRequest.INVITE)) {
            throw new IllegalArgumentException("only an INVITE can be cancelled: " + invite.method());
        }
        SipHeaders.Builder h = SipHeaders.builder()
                .add(HeaderNames.VIA, invite.headers().values(HeaderNames.VIA).get(0))
                .add(HeaderNames.MAX_FORWARDS, "70")
                .add(HeaderNames.FROM, invite.headers().firstOrNull(HeaderNames.FROM))
                .add(HeaderNames.TO, invite.headers().firstOrNull(HeaderNames.TO))
                .add(HeaderNames.CALL_ID, invite.callId())
                .add(HeaderNames.CSEQ, new CSeq(invite.cseq().number(), SipRequest.CANCEL).toString());
        for (Header line : invite.headers()) {
            if (line.is(HeaderNames.ROUTE)) {
                h.add(line.name(), line.value());
            }
        }
        return SipRequest.of(SipRequest.CANCEL, invite.requestUri(), h.build());
    }
}
