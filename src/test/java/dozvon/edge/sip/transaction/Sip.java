package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.NameAddr;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.SipUri;
import dozvon.edge.sip.message.Via;

/** Message fixtures for the transaction tests. */
final class Sip {
    static final Destination PEER_UDP = Destination.udp("192.0.2.10", 5060);
    static final Destination PEER_TCP = Destination.tcp("192.0.2.10", 5060).withConnection("conn-1");

    private Sip() {
    }

    static SipRequest request(String method, String transport, String branch) {
        Via via = branch == null
                ? new Via("SIP", "2.0", transport, "192.0.2.10", 5060, null)
                : Via.of(transport, "192.0.2.10", 5060, branch);
        return SipRequest.create(method, SipUri.parse("sip:bob@example.com"), via,
                NameAddr.of(SipUri.parse("sip:alice@example.com")).withTag("from-1"),
                NameAddr.of(SipUri.parse("sip:bob@example.com")), "call-1@192.0.2.10", 1);
    }

    static SipRequest invite(String transport, String branch) {
        return request(SipRequest.INVITE, transport, branch);
    }

    static SipRequest invite() {
        return invite("UDP", "z9hG4bK-inv-1");
    }

    /** A response as the far end would send it; non-100 responses get the To tag "to-1". */
    static SipResponse response(SipRequest request, int status) {
        SipResponse r = SipResponse.forRequest(request, status, "Reason");
        return status == 100 ? r : r.withToTag("to-1");
    }

    /** The ACK a UAC sends for a non-2xx final response (same branch, §17.1.1.3). */
    static SipRequest ackFor(SipRequest invite, SipResponse response) {
        return AckBuilder.forNonSuccess(invite, response);
    }
}
