package dozvon.edge.sip.codec;

import static dozvon.edge.sip.codec.Wire.answeredWith;
import static dozvon.edge.sip.codec.Wire.validRequest;
import static dozvon.edge.sip.codec.Wire.validResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dozvon.edge.sip.codec.ParseResult.Invalid;
import dozvon.edge.sip.message.AbsoluteUri;
import dozvon.edge.sip.message.NameAddr;
import dozvon.edge.sip.message.Param;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.SipUri;
import org.junit.jupiter.api.Test;

/**
 * RFC 4475 §3.3 (application-layer semantics) and §3.4 (backward compatibility). The codec parses
 * these; where the RFC's verdict is a response other than 400 the test asserts that the information
 * the core needs is exposed, and names the response the core/transaction layer must send.
 */
class Rfc4475ApplicationLayerTest {

    private static final String SDP = Rfc4475ValidMessagesTest.SDP;

    /** §3.3.1 insuf: no Call-ID, From or To. The codec answers 400 itself. */
    @Test
    void insuf() {
        Invalid invalid = answeredWith(400, """
                INVITE sip:user@example.com SIP/2.0
                CSeq: 193942 INVITE
                Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf
                Content-Type: application/sdp
                l: {CL}

                """ + SDP);
        assertThat(invalid.reason()).startsWith("Missing");
    }

    /** §3.3.2 unkscm: unknown Request-URI scheme. Core answers 416 Unsupported URI Scheme. */
    @Test
    void unkscm() {
        SipRequest r = validRequest("""
                OPTIONS nobodyKnowsThisScheme:totallyopaquecontent SIP/2.0
                To: sip:user@example.com
                From: sip:caller@example.net;tag=384
                Max-Forwards: 3
                Call-ID: unkscm.nasdfasser0q239nwsdfasdkl34
                CSeq: 3923423 OPTIONS
                Via: SIP/2.0/TCP host9.example.com;branch=z9hG4bKkdjuw39234
                Content-Length: 0
                """);
        assertThat(r.requestUri()).isInstanceOf(AbsoluteUri.class);
        assertThat(r.requestUri().scheme()).isEqualTo("nobodyknowsthisscheme");
        assertThat(r.requestUri().isSip()).isFalse();
    }

    /** §3.3.3 novelsc: a known but atypical scheme. Core answers 416 (we only route sip/sips). */
    @Test
    void novelsc() {
        SipRequest r = validRequest("""
                OPTIONS soap.beep://192.0.2.103:3002 SIP/2.0
                To: sip:user@example.com
                From: sip:caller@example.net;tag=384
                Max-Forwards: 3
                Call-ID: novelsc.asdfasser0q239nwsdfasdkl34
                CSeq: 3923423 OPTIONS
                Via: SIP/2.0/TCP host9.example.com;branch=z9hG4bKkdjuw39234
                Content-Length: 0
                """);
        assertThat(r.requestUri().scheme()).isEqualTo("soap.beep");
        assertThat(r.requestUri().toString()).isEqualTo("soap.beep://192.0.2.103:3002");
    }

    /** §3.3.4 unksm2: non-SIP URIs in To, From, Contact. A registrar answers 400 (To must be SIP/SIPS). */
    @Test
    void unksm2() {
        SipRequest r = validRequest("""
                REGISTER sip:example.com SIP/2.0
                To: isbn:2983792873
                From: <http://www.example.com>;tag=3234233
                Call-ID: unksm2.daksdj@hyphenated-host.example.com
                CSeq: 234902 REGISTER
                Max-Forwards: 70
                Via: SIP/2.0/UDP 192.0.2.21:5060;branch=z9hG4bKkdjuw
                Contact: <name:John_Smith>
                l: 0
                """);
        assertThat(r.to().uri().scheme()).isEqualTo("isbn");
        assertThat(r.from().uri().scheme()).isEqualTo("http");
        assertThat(r.contacts().get(0).uri().scheme()).isEqualTo("name");
    }

    /** §3.3.5 bext01: unknown Require and Proxy-Require tags. Core answers 420 listing them in Unsupported. */
    @Test
    void bext01() {
        SipRequest r = validRequest("""
                OPTIONS sip:user@example.com SIP/2.0
                To: sip:j_user@example.com
                From: sip:caller@example.net;tag=242etr
                Max-Forwards: 6
                Call-ID: bext01.0ha0isndaksdj
                Require: nothingSupportsThis, nothingSupportsThisEither
                Proxy-Require: noProxiesSupportThis, norDoAnyProxiesSupportThis
                CSeq: 8 OPTIONS
                Via: SIP/2.0/TLS fold-and-staple.example.com;branch=z9hG4bKkdjuw
                Content-Length: 0
                """);
        assertThat(r.require()).containsExactly("nothingSupportsThis", "nothingSupportsThisEither");
        assertThat(r.proxyRequire()).containsExactly("noProxiesSupportThis", "norDoAnyProxiesSupportThis");
    }

    /** §3.3.6 invut: unknown Content-Type. Core answers 415 Unsupported Media Type. */
    @Test
    void invut() {
        SipRequest r = validRequest("""
                INVITE sip:user@example.com SIP/2.0
                Contact: <sip:caller@host5.example.net>
                To: sip:j.user@example.com
                From: sip:caller@example.net;tag=8392034
                Max-Forwards: 70
                Call-ID: invut.0ha0isndaksdjadsfij34n23d
                CSeq: 235448 INVITE
                Via: SIP/2.0/UDP somehost.example.com;branch=z9hG4bKkdjuw
                Content-Type: application/unknownformat
                Content-Length: {CL}

                <audio> <pcmu port="443"/> </audio>
                """);
        assertThat(r.contentType()).contains("application/unknownformat");
    }

    /** §3.3.7 regaut01: unknown authorization scheme. Registrar answers 401 with a challenge it supports. */
    @Test
    void regaut01() {
        SipRequest r = validRequest("""
                REGISTER sip:example.com SIP/2.0
                To: sip:j.user@example.com
                From: sip:j.user@example.com;tag=87321hj23128
                Max-Forwards: 8
                Call-ID: regaut01.0ha0isndaksdj
                CSeq: 9338 REGISTER
                Via: SIP/2.0/TCP 192.0.2.253;branch=z9hG4bKkdjuw
                Authorization: NoOneKnowsThisScheme opaque-data=here, more="a,b"
                Content-Length:0
                """);
        assertThat(r.headers().values("Authorization"))
                .containsExactly("NoOneKnowsThisScheme opaque-data=here, more=\"a,b\"");
    }

    /** §3.3.8 multi01: single-valued headers repeated. The codec answers 400. */
    @Test
    void multi01() {
        answeredWith(400, """
                INVITE sip:user@company.com SIP/2.0
                Contact: <sip:caller@host25.example.net>
                Via: SIP/2.0/UDP 192.0.2.25;branch=z9hG4bKkdjuw
                Max-Forwards: 70
                CSeq: 5 INVITE
                Call-ID: multi01.98asdh@192.0.2.1
                CSeq: 59 INVITE
                Call-ID: multi01.98asdh@192.0.2.2
                From: sip:caller@example.com;tag=3413415
                To: sip:user@example.com
                To: sip:other@example.net
                From: sip:caller@example.net;tag=2923420123
                Content-Type: application/sdp
                l: {CL}

                """ + SDP);
    }

    /** §3.3.9 mcl01: several Content-Length values. The codec answers 400 (and closes a stream). */
    @Test
    void mcl01() {
        answeredWith(400, """
                OPTIONS sip:user@example.com SIP/2.0
                Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bK293423
                To: sip:user@example.com
                From: sip:other@example.net;tag=3923942
                Call-ID: mcl01.fhn2323orihawfdoa3o4r52o3irsdf
                CSeq: 15932 OPTIONS
                Content-Length: 13
                Max-Forwards: 60
                Content-Length: 5
                Content-Type: text/plain

                There's no way to know how many octets are supposed to be here.
                """);
    }

    /** §3.3.10 bcast: a response whose Via names a broadcast address. Whoever routes responses by Via must drop it. */
    @Test
    void bcast() {
        SipResponse r = validResponse("""
                SIP/2.0 200 OK
                Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923
                Via: SIP/2.0/UDP 255.255.255.255;branch=z9hG4bK1saber23
                Call-ID: bcast.0384840201234ksdfak3j2erwedfsASdf
                CSeq: 35 INVITE
                From: sip:user@example.com;tag=11141343
                To: sip:user@example.edu;tag=2229
                Content-Length: {CL}
                Content-Type: application/sdp
                Contact: <sip:user@host28.example.com>

                """ + SDP);
        assertThat(r.vias().get(1).host()).isEqualTo("255.255.255.255");
    }

    /** §3.3.11 zeromf: Max-Forwards 0. A proxy answers 483; a UAS handles OPTIONS normally. */
    @Test
    void zeromf() {
        SipRequest r = validRequest("""
                OPTIONS sip:user@example.com SIP/2.0
                Call-ID: zeromf.1234e3e3k2jfkdfj
                CSeq: 35 OPTIONS
                From: sip:user@example.com;tag=11141343
                To: sip:user@example.edu
                Max-Forwards: 0
                Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK0mf
                Content-Length: 0
                """);
        assertThat(r.maxForwards()).hasValue(0);
    }

    /** §3.3.12 cparam01: in an addr-spec Contact, the parameter belongs to the header. */
    @Test
    void cparam01() {
        NameAddr contact = validRequest(register("Contact: sip:+19725552222@gw1.example.net;unknownparam\n"))
                .contacts().get(0);
        assertThat(((SipUri) contact.uri()).params()).isEmpty();
        assertThat(contact.params().list()).containsExactly(Param.flag("unknownparam"));
    }

    /** §3.3.13 cparam02: inside angle brackets, the parameter belongs to the URI. */
    @Test
    void cparam02() {
        NameAddr contact = validRequest(register("Contact: <sip:+19725552222@gw1.example.net;unknownparam>\n"))
                .contacts().get(0);
        assertThat(((SipUri) contact.uri()).params()).containsExactly(Param.flag("unknownparam"));
        assertThat(contact.params().isEmpty()).isTrue();
    }

    /** §3.3.14 regescrt: an escaped header in a bracketed Contact is legal; a registrar stores it. */
    @Test
    void regescrt() {
        NameAddr contact = validRequest(register("Contact: <sip:user@example.com?Route=%3Csip:sip.example.com%3E>\n"))
                .contacts().get(0);
        assertThat(((SipUri) contact.uri()).headers()).containsExactly(new Param("Route", "<sip:sip.example.com>"));
    }

    /** §3.3.15 sdp01: Accept offers nothing we can answer with. Core answers 406 Not Acceptable. */
    @Test
    void sdp01() {
        SipRequest r = validRequest("""
                INVITE sip:user@example.com SIP/2.0
                To: sip:j_user@example.com
                Contact: <sip:caller@host15.example.net>
                From: sip:caller@example.net;tag=234
                Max-Forwards: 5
                Call-ID: sdp01.ndaksdj9342dasdd
                Accept: text/nobodyKnowsThis
                CSeq: 8 INVITE
                Via: SIP/2.0/UDP 60.54.32.1;branch=z9hG4bKkdjuw
                Content-Length: {CL}
                Content-Type: application/sdp

                """ + SDP);
        assertThat(r.headers().values("Accept")).containsExactly("text/nobodyKnowsThis");
    }

    /** A sips: Request-URI is exposed as such; refusing it on a non-TLS transport (416/480) is the core's call. */
    @Test
    void sipsRequestUri() {
        SipRequest r = validRequest(Rfc4475InvalidMessagesTest.simpleOptions("")
                .replace("OPTIONS sip:user@example.com", "OPTIONS sips:user@example.com"));
        assertThat(r.requestUri().scheme()).isEqualTo("sips");
        assertThat(((SipUri) r.requestUri()).secure()).isTrue();
    }

    /** §3.4.1 inv2543: RFC 2543 syntax (no branch, no From tag, no Max-Forwards) must be accepted. */
    @Test
    void inv2543() {
        SipRequest r = validRequest("""
                INVITE sip:UserB@example.com SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.15
                From: <sip:UserA@example.com>
                To: <sip:UserB@example.com>
                Call-ID: 010203040506@192.0.2.15
                CSeq: 1 INVITE
                Contact: <sip:UserA@192.0.2.15>
                Content-Type: application/sdp
                Content-Length: {CL}

                """ + SDP);
        assertThat(r.topVia().branch()).isEmpty();
        assertThat(r.from().tag()).isEmpty();
        assertThat(r.maxForwards()).isEmpty();
    }

    private static String register(String contact) {
        return """
                REGISTER sip:example.com SIP/2.0
                Via: SIP/2.0/UDP saturn.example.com:5060;branch=z9hG4bKkdjuw
                Max-Forwards: 70
                From: sip:watson@example.com;tag=DkfVgjkrtMwaerKKpe
                To: sip:watson@example.com
                Call-ID: cparam.8397dfpaknsdcx
                CSeq: 2 REGISTER
                """ + contact + "l: 0\n";
    }
}
