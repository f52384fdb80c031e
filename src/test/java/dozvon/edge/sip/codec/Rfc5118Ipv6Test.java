package dozvon.edge.sip.codec;

import static dozvon.edge.sip.codec.Wire.answeredWith;
import static dozvon.edge.sip.codec.Wire.validRequest;
import static dozvon.edge.sip.codec.Wire.validResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.SipUri;
import dozvon.edge.sip.message.Via;
import org.junit.jupiter.api.Test;

/** RFC 5118 §4: IPv6 torture cases. */
class Rfc5118Ipv6Test {

    private static String register(String requestUri, String contact) {
        return "REGISTER " + requestUri + " SIP/2.0\n" + """
                To: sip:user@example.com
                From: sip:user@example.com;tag=81x2
                Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111
                Call-ID: SSG9559905523997077@hlau_4100
                Max-Forwards: 70
                """ + "Contact: " + contact + "\n" + """
                CSeq: 98176 REGISTER
                Content-Length: 0
                """;
    }

    /** §4.1 ipv6-good. */
    @Test
    void ipv6Good() {
        SipRequest r = validRequest(register("sip:[2001:db8::10]", "\"Caller\" <sip:caller@[2001:db8::1]>"));
        assertThat(((SipUri) r.requestUri()).host()).isEqualTo("[2001:db8::10]");
        assertThat(r.topVia().host()).isEqualTo("[2001:db8::9:1]");
        assertThat(((SipUri) r.contacts().get(0).uri()).host()).isEqualTo("[2001:db8::1]");
    }

    /** §4.2 ipv6-bad: an IPv6 address without brackets. */
    @Test
    void ipv6Bad() {
        answeredWith(400, register("sip:2001:db8::10", "<sip:caller@[2001:db8::1]>"));
    }

    /** §4.3 port-ambiguous: the ":5070" is inside the brackets, so it is part of the address. */
    @Test
    void portAmbiguous() {
        SipUri uri = (SipUri) validRequest(register("sip:[2001:db8::10:5070]", "<sip:c@[2001:db8::1]>")).requestUri();
        assertThat(uri.host()).isEqualTo("[2001:db8::10:5070]");
        assertThat(uri.port()).isEqualTo(-1);
    }

    /** §4.4 port-unambiguous. */
    @Test
    void portUnambiguous() {
        SipUri uri = (SipUri) validRequest(register("sip:[2001:db8::10]:5070", "<sip:c@[2001:db8::1]>")).requestUri();
        assertThat(uri.host()).isEqualTo("[2001:db8::10]");
        assertThat(uri.port()).isEqualTo(5070);
    }

    /** §4.5 via-received-param-with-delim and -no-delim: both forms of received are accepted. */
    @Test
    void viaReceivedParam() {
        String[] forms = {"[2001:db8::9:255]", "2001:db8::9:255"};
        for (String received : forms) {
            SipResponse r = validResponse("SIP/2.0 200 OK\n"
                    + "Via: SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111;received=" + received + "\n" + """
                    To: sip:user@example.com;tag=1
                    From: sip:user@example.com;tag=81x2
                    Call-ID: SSG95523997077@hlau_4100
                    CSeq: 1 OPTIONS
                    Content-Length: 0
                    """);
            Via via = r.topVia();
            assertThat(via.port()).isEqualTo(6050);
            assertThat(via.received()).contains(received);
        }
    }

    /** §4.7 mixed-1 and §4.8 mixed-2: IPv4 and IPv6 side by side in headers and SDP. */
    @Test
    void mixedIpv4AndIpv6() {
        SipRequest r = validRequest("""
                INVITE sip:user@[2001:db8::10] SIP/2.0
                To: sip:user@[2001:db8::10]
                From: sip:user@example.com;tag=81x2
                Via: SIP/2.0/UDP [2001:db8::9:1];branch=z9hG4bKas3-111
                Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKjhja8781hjuaij65144
                Via: SIP/2.0/TCP [2001:db8::9:255];branch=z9hG4bK451jj;received=192.0.2.200
                Call-ID: SSG9559905523997077@hlau_4100
                Max-Forwards: 70
                Contact: "Caller" <sip:caller@[2001:db8::9:1]>
                CSeq: 8612 INVITE
                Content-Type: application/sdp
                Content-Length: {CL}

                v=0
                o=assistant 971731711378798081 0 IN IP6 2001:db8::20
                s=Live video feed for today's meeting
                c=IN IP4 192.0.2.2
                m=audio 3000 RTP/AVP 0
                m=video 3002 RTP/AVP 31
                c=IN IP6 2001:db8::20
                """);
        assertThat(r.vias()).extracting(Via::host)
                .containsExactly("[2001:db8::9:1]", "192.0.2.1", "[2001:db8::9:255]");
        assertThat(r.bodyAsString()).contains("IN IP6 2001:db8::20");
    }

    /** §4.9 ipv4-mapped IPv6 and §4.10 the RFC 3261 ABNF bug: two and three colons before IPv4. */
    @Test
    void embeddedIpv4Forms() {
        for (String host : new String[] {"[::ffff:192.0.2.10]", "[2001:db8::192.0.2.1]", "[2001:db8:::192.0.2.1]"}) {
            SipRequest r = validRequest(register("sip:" + host, "<sip:c@" + host + ">"));
            assertThat(((SipUri) r.requestUri()).host()).isEqualTo(host);
        }
    }
}
