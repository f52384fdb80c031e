package dozvon.edge.sip.codec;

import static dozvon.edge.sip.codec.Wire.answeredWith;
import static dozvon.edge.sip.codec.Wire.dropped;
import static org.assertj.core.api.Assertions.assertThat;

import dozvon.edge.sip.codec.ParseResult.Invalid;
import dozvon.edge.sip.codec.ParseResult.Parsed;
import dozvon.edge.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

/**
 * RFC 4475 §3.1.2 (invalid messages) and §3.2 (transaction layer). Requests get the status the RFC
 * asks for, with a partial request the transport can answer; malformed responses are dropped.
 */
class Rfc4475InvalidMessagesTest {

    private static final String SDP = Rfc4475ValidMessagesTest.SDP;

    /** §3.1.2.1 badinv01: empty parameters and list elements (";;" and ",,"). */
    @Test
    void badinv01() {
        Invalid invalid = answeredWith(400, """
                INVITE sip:user@example.com SIP/2.0
                To: sip:j.user@example.com
                From: sip:caller@example.net;;tag=134161461246
                Max-Forwards: 7
                Call-ID: badinv01.0ha0isndaksdjasdf3234nas
                CSeq: 8 INVITE
                Via: SIP/2.0/UDP 192.0.2.15;;,;,,
                Contact: "Joe" <sip:joe@example.org>;;;;
                Content-Length: {CL}
                Content-Type: application/sdp

                """ + SDP);
        assertThat(invalid.partialRequest().callId()).isEqualTo("badinv01.0ha0isndaksdjasdf3234nas");
    }

    /** §3.1.2.2 clerr: Content-Length larger than the datagram's body. */
    @Test
    void clerr() {
        answeredWith(400, """
                INVITE sip:user@example.com SIP/2.0
                Max-Forwards: 80
                To: sip:j.user@example.com
                From: sip:caller@example.net;tag=93942939o2
                Contact: <sip:caller@hungry.example.net>
                Call-ID: clerr.0ha0isndaksdjweiafasdk3
                CSeq: 8 INVITE
                Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523
                Content-Type: application/sdp
                Content-Length: 9999

                """ + SDP);
    }

    /** §3.1.2.3 scalar02: negative Content-Length. */
    @Test
    void scalar02() {
        answeredWith(400, """
                INVITE sip:user@example.com SIP/2.0
                Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bK-39234-23523
                Max-Forwards: 254
                To: sip:j.user@example.com
                From: sip:caller@example.net;tag=32394234
                Call-ID: scalar02.0ha0isndaksdjweiafasdk3
                CSeq: 8 INVITE
                Contact: <sip:caller@host5.example.net>
                Content-Type: application/sdp
                Content-Length: -999

                """ + SDP);
    }

    /** §3.1.2.4 scalarlg: CSeq, Max-Forwards, Expires and contact expires beyond their ranges. */
    @Test
    void scalarlg() {
        answeredWith(400, """
                REGISTER sip:example.com SIP/2.0
                Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3
                To: <sip:user@example.com>
                From: <sip:user@example.com>;tag=239232jh3
                CSeq: 36893488147419103232 REGISTER
                Call-ID: scalarlg.23o0pd9vanlq3wnrlnewofjas9ui32
                Max-Forwards: 300
                Expires: 1%s
                Contact: <sip:user@host129.example.com>;expires=280297596632815
                l: 0
                """.formatted("0".repeat(100)));
        // each scalar alone is enough
        answeredWith(400, simpleOptions("").replace("Max-Forwards: 70", "Max-Forwards: 300"));
        answeredWith(400, simpleOptions("Expires: 4294967296\n"));
        answeredWith(400, simpleOptions("Contact: <sip:a@b.example.com>;expires=280297596632815\n"));
    }

    /** §3.1.2.5 scalar12 (response variant): overlarge CSeq, Retry-After, warn-code: dropped. */
    @Test
    void scalar12() {
        dropped("""
                SIP/2.0 503 Service Unavailable
                Via: SIP/2.0/TCP host129.example.com;branch=zzxdiwo34sw;received=192.0.2.129
                To: <sip:user@example.com>
                From: <sip:other@example.net>;tag=2easdjfejw
                CSeq: 9292394834772304023312 OPTIONS
                Call-ID: scalar12.23o0pd9vanlq3wnrlnewofjas9ui32
                Retry-After: 949302838503028349304023988
                Warning: 1812 overture "In Progress"
                Content-Length: 0
                """);
    }

    /** §3.1.2.6 quotbal: unterminated quoted display name. */
    @Test
    void quotbal() {
        answeredWith(400, """
                INVITE sip:user@example.com SIP/2.0
                To: "Mr. J. User <sip:j.user@example.com>
                From: sip:caller@example.net;tag=93334
                Max-Forwards: 10
                Call-ID: quotbal.aksdj
                Contact: <sip:caller@host59.example.net>
                CSeq: 8 INVITE
                Via: SIP/2.0/UDP 192.0.2.59:5050;branch=z9hG4bKkdjuw39234
                Content-Type: application/sdp
                Content-Length: {CL}

                """ + SDP);
    }

    /** §3.1.2.7 ltgtruri: Request-URI in angle brackets. */
    @Test
    void ltgtruri() {
        answeredWith(400, inviteWithRequestLine("INVITE <sip:user@example.com> SIP/2.0"));
    }

    /** §3.1.2.8 lwsruri: LWS inside the Request-URI. */
    @Test
    void lwsruri() {
        answeredWith(400, inviteWithRequestLine("INVITE sip:user@example.com; lr SIP/2.0"));
    }

    /** §3.1.2.9 lwsstart: more than one SP between Request-Line elements. */
    @Test
    void lwsstart() {
        answeredWith(400, inviteWithRequestLine("INVITE  sip:user@example.com  SIP/2.0"));
    }

    /** §3.1.2.10 trws: SP after the SIP-Version. */
    @Test
    void trws() {
        answeredWith(400, """
                OPTIONS sip:remote-target@example.com SIP/2.0\s\s
                Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK299342093
                To: <sip:remote-target@example.com>
                From: <sip:local-resource@example.com>;tag=329429089
                Call-ID: trws.oicu34958239neffasdhr2345r
                Accept: application/sdp
                CSeq: 238923 OPTIONS
                Max-Forwards: 70
                Content-Length: 0
                """);
    }

    /** §3.1.2.11 escruri: escaped headers in the Request-URI. */
    @Test
    void escruri() {
        answeredWith(400, inviteWithRequestLine("INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0"));
    }

    /** §3.1.2.12 baddate: a Date not in GMT. */
    @Test
    void baddate() {
        answeredWith(400, simpleOptions("Date: Fri, 01 Jan 2010 16:00:00 EST\n"));
        assertThat(Wire.parse(simpleOptions("Date: Fri, 01 Jan 2010 16:00:00 GMT\n"))).isInstanceOf(Parsed.class);
    }

    /** §3.1.2.13 regbadct: a Contact URI with '?' outside angle brackets. */
    @Test
    void regbadct() {
        answeredWith(400, """
                REGISTER sip:example.com SIP/2.0
                To: sip:user@example.com
                From: sip:user@example.com;tag=998332
                Max-Forwards: 70
                Call-ID: regbadct.k345asrl3fdbv@10.0.0.1
                CSeq: 1 REGISTER
                Via: SIP/2.0/UDP 135.180.130.133:5060;branch=z9hG4bKkdjuw
                Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E
                l: 0
                """);
    }

    /** §3.1.2.14 badaspec: LWS inside the angle brackets of a name-addr. */
    @Test
    void badaspec() {
        answeredWith(400, """
                OPTIONS sip:user@example.org SIP/2.0
                Via: SIP/2.0/UDP host4.example.com:5060;branch=z9hG4bKkdju43234
                Max-Forwards: 70
                From: "Bell, Alexander" <sip:a.g.bell@example.com>;tag=433423
                To: "Watson, Thomas" < sip:t.watson@example.org >
                Call-ID: badaspec.sdf0234n2nds0a099u23h3hnnw009cdkne3
                Accept: application/sdp
                CSeq: 3923239 OPTIONS
                l: 0
                """);
    }

    /** §3.1.2.15 baddn: a non-token character (comma) in an unquoted display name. */
    @Test
    void baddn() {
        answeredWith(400, """
                OPTIONS sip:t.watson@example.org SIP/2.0
                Via: SIP/2.0/UDP c.example.com:5060;branch=z9hG4bKkdjuw
                Max-Forwards: 70
                From: Bell, Alexander <sip:a.g.bell@example.com>;tag=43
                To: Watson, Thomas <sip:t.watson@example.org>
                Call-ID: baddn.31415@c.example.com
                Accept: application/sdp
                CSeq: 3923239 OPTIONS
                l: 0
                """);
    }

    /** §3.1.2.16 badvers: SIP/7.0 gets 505, and the partial request lets the transport answer it. */
    @Test
    void badvers() {
        Invalid invalid = answeredWith(505, """
                OPTIONS sip:t.watson@example.org SIP/7.0
                Via: SIP/7.0/UDP c.example.com;branch=z9hG4bKkdjuw
                Max-Forwards: 70
                From: A. Bell <sip:a.g.bell@example.com>;tag=qweoiqpe
                To: T. Watson <sip:t.watson@example.org>
                Call-ID: badvers.31417@c.example.com
                CSeq: 1 OPTIONS
                l: 0
                """);
        assertThat(invalid.partialRequest().version()).isEqualTo("SIP/7.0");
        assertThat(invalid.partialRequest().callId()).isEqualTo("badvers.31417@c.example.com");
    }

    /** §3.1.2.17 mismatch01: CSeq method differs from the Request-Line method. */
    @Test
    void mismatch01() {
        answeredWith(400, """
                OPTIONS sip:user@example.com SIP/2.0
                To: sip:j.user@example.com
                From: sip:caller@example.net;tag=34525
                Max-Forwards: 6
                Call-ID: mismatch01.dj0234sxdfl3
                CSeq: 8 INVITE
                Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKkdjuw
                l: 0
                """);
    }

    /** §3.1.2.18 mismatch02: unknown method and a mismatching CSeq; 400 is acceptable (501 preferred). */
    @Test
    void mismatch02() {
        answeredWith(400, """
                NEWMETHOD sip:user@example.com SIP/2.0
                To: sip:j.user@example.com
                From: sip:caller@example.net;tag=34525
                Max-Forwards: 6
                Call-ID: mismatch02.dj0234sxdfl3
                CSeq: 8 INVITE
                Contact: <sip:caller@host.example.net>
                Via: SIP/2.0/UDP host.example.net;branch=z9hG4bKkdjuw
                Content-Type: application/sdp
                l: {CL}

                """ + SDP);
    }

    /** §3.1.2.19 bigcode: a status code far beyond three digits must not break the parser: drop. */
    @Test
    void bigcode() {
        dropped("""
                SIP/2.0 4294967301 better not break the receiver
                Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe
                Call-ID: bigcode.asdof3uj203asdnf3429uasdhfas3ehjasdfas9i
                CSeq: 353494 INVITE
                From: <sip:user@example.com>;tag=39ansfi3
                To: <sip:user@example.edu>;tag=902jndnke3
                Content-Length: 0
                Contact: <sip:user@host105.example.com>
                """);
        dropped(simpleResponse("SIP/2.0 99 Too Small"));
        dropped(simpleResponse("SIP/2.0 700 Too Big"));
    }

    /**
     * §3.2.1 badbranch: branch is only the magic cookie. Syntactically fine; the transaction layer
     * must see it is not an RFC 3261 transaction id (answer 400 statelessly or fall back to RFC 2543
     * matching).
     */
    @Test
    void badbranch() {
        SipRequest r = Wire.validRequest("""
                OPTIONS sip:user@example.com SIP/2.0
                To: sip:user@example.com
                From: sip:caller@example.org;tag=33242
                Max-Forwards: 3
                Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK
                Accept: application/sdp
                Call-ID: badbranch.sadonfo23i420jv0as0derf3j3n
                CSeq: 8 OPTIONS
                l: 0
                """);
        assertThat(r.topVia().hasRfc3261Branch()).isFalse();
    }

    static String inviteWithRequestLine(String requestLine) {
        return requestLine + "\n" + """
                To: sip:user@example.com
                From: sip:caller@example.net;tag=39291
                Max-Forwards: 23
                Call-ID: requestline.39203ndfvkjdasfkq3w4otrq0adsfdfnavd
                CSeq: 1 INVITE
                Via: SIP/2.0/UDP 192.0.2.5;branch=z9hG4bKkdjuw
                Contact: <sip:caller@host5.example.net>
                Content-Type: application/sdp
                Content-Length: {CL}

                """ + SDP;
    }

    static String simpleOptions(String extraHeaders) {
        return """
                OPTIONS sip:user@example.com SIP/2.0
                Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKsimple
                To: sip:user@example.com
                From: sip:caller@example.net;tag=1
                Call-ID: simple.1@host.example.com
                CSeq: 1 OPTIONS
                Max-Forwards: 70
                """ + extraHeaders + "Content-Length: 0\n";
    }

    static String simpleResponse(String statusLine) {
        return statusLine + "\n" + """
                Via: SIP/2.0/UDP host.example.com;branch=z9hG4bKsimple
                To: sip:user@example.com;tag=2
                From: sip:caller@example.net;tag=1
                Call-ID: simple.1@host.example.com
                CSeq: 1 OPTIONS
                Content-Length: 0
                """;
    }
}
