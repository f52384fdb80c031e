package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.CSeq;
import dozvon.edge.sip.message.Header;
import dozvon.edge.sip.message.HeaderNames;
import dozvon.edge.sip.message.SipHeaders;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;

/**
 * The ACK an INVITE client transaction sends for a non-2xx final response (RFC 3261 §17.1.1.3). It
 * belongs to the INVITE's transaction, so it reuses its branch. (The ACK for a 2xx is a transaction of
 * its own, built by the dialog layer.)
 */
final class AckBuilder {
    private AckBuilder() {
    }

    static SipRequest forNonSuccess(SipRequest invite, SipResponse response) {
        String topVia = invite.headers().values(HeaderNames.VIA).get(0);
        SipHeaders.Builder h = SipHeaders.builder()
                // "only a single Via header field value, equal to the top Via of the original request"
                .add(HeaderNames.VIA, topVia)
                .add(HeaderNames.MAX_FORWARDS, "70")
                .add(HeaderNames.FROM, invite.headers().firstOrNull(HeaderNames.FROM))
                // "the To header field in the ACK MUST equal the To header field in the response"
                .add(HeaderNames.TO, response.headers().firstOrNull(HeaderNames.TO))
                .add(HeaderNames.CALL_ID, invite.callId())
                .add(HeaderNames.CSEQ, new CSeq(invite.cseq().number(), SipRequest.ACK).toString());
        // "If the INVITE request ... contained Route header fields, the ACK MUST contain those".
        for (Header line : invite.headers()) {
            if (line.is(HeaderNames.ROUTE)) {
                h.add(line.name(), line.value());
            }
        }
        return SipRequest.of(SipRequest.ACK, invite.requestUri(), h.build());
    }
}
