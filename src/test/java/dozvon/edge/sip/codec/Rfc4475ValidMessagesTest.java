package dozvon.edge.sip.codec;

import static dozvon.edge.sip.codec.Wire.validRequest;
import static dozvon.edge.sip.codec.Wire.validResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dozvon.edge.sip.codec.ParseResult.Parsed;
import dozvon.edge.sip.message.NameAddr;
import dozvon.edge.sip.message.Param;
import dozvon.edge.sip.message.SipMessage;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import dozvon.edge.sip.message.SipUri;
import dozvon.edge.sip.message.Via;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * RFC 4475 §3.1.1: valid messages that are hard to parse. Each message is written from the RFC's
 * description of what makes it tortuous; each must parse and survive a serialise/re-parse round trip.
 */
class Rfc4475ValidMessagesTest {

    static final String SDP = """
            v=0
            o=alice 53655765 2353687637 IN IP4 192.0.2.3
            s=-
            c=IN IP4 192.0.2.3
            t=0 0
            m=audio 49170 RTP/AVP 0
            """;

    /** §3.1.1.1 wsinv: whitespace, folding, case and unusual separators everywhere. */
    @Test
    void wsinv() {
        SipRequest r = validRequest("""
                INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0
                TO :
                 sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n
                from   : "J Rosenberg \\\\\\""       <sip:jdrosen@example.com>
                  ;
                  tag = 98asjd8
                MaX-fOrWaRdS: 0068
                Call-ID: wsinv.ndaksdj@192.0.2.1
                Content-Length   : {CL}
                cseq: 0009
                  INVITE
                Via  : SIP  /   2.0
                 /UDP
                    192.0.2.2;branch=390skdjuw
                s :
                NewFangledHeader:   newfangled value
                 continued newfangled value
                UnknownHeaderWithUnusualValue: ;;,,;;,;
                Content-Type: application/sdp
                Route:
                 <sip:services.example.com;lr;unknownwith=value;unknown-no-value>
                v:  SIP  / 2.0  / TCP     spindle.example.com   ;
                  branch  =   z9hG4bK9ikj8  ,
                 SIP  /    2.0   / UDP  192.168.255.111   ; branch=
                 z9hG4bK30239
                m:"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =
                      newvalue ;
                  secondparam ; q = 0.33

                """ + SDP);
        assertThat(((SipUri) r.requestUri()).hasParam("unknownparam")).isTrue();
        assertThat(r.to().tag()).contains("1918181833n");
        assertThat(r.from().displayName()).isEqualTo("J Rosenberg \\\"");
        assertThat(r.from().tag()).contains("98asjd8");
        assertThat(r.maxForwards()).hasValue(68);
        assertThat(r.cseq().number()).isEqualTo(9);
        assertThat(r.vias()).extracting(Via::transport).containsExactly("UDP", "TCP", "UDP");
        assertThat(r.vias().get(2).branch()).contains("z9hG4bK30239");
        assertThat(r.header("Subject")).contains("");
        assertThat(r.header("newfangledheader")).contains("newfangled value continued newfangled value");
        assertThat(r.header("UnknownHeaderWithUnusualValue")).contains(";;,,;;,;");
        NameAddr contact = r.contacts().get(0);
        assertThat(contact.displayName()).isEqualTo("Quoted string \"\"");
        assertThat(contact.params().get("newparam")).contains("newvalue");
        assertThat(contact.params().has("secondparam")).isTrue();
        assertThat(contact.params().get("q")).contains("0.33");
        assertThat(r.bodyAsString()).isEqualTo(SDP.replace("\n", "\r\n"));
    }

    /** §3.1.1.2 intmeth: every legal token character in method, URI user/password, params, Call-ID. */
    @Test
    void intmeth() {
        String method = "!interesting-Method0123456789_*+`.%indeed'~";
        SipRequest r = validRequest(method
                + " sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)"
                + "@example.com SIP/2.0\n"
                + "Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~\n"
                + "To: \"BEL:\\{BEL} NUL:\\{NUL} DEL:\\{DEL}\" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>\n"
                + "From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"работающий\";tag=_token~1'+`*%!-.\n"
                + "Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{\n"
                + "CSeq: 139122385 " + method + "\n"
                + "Max-Forwards: 255\n"
                + "extensionHeader-!.%*+_`'~: \uFEFF大停電\n"
                + "Content-Length: 0\n");
        assertThat(r.method()).isEqualTo(method);
        SipUri uri = (SipUri) r.requestUri();
        assertThat(uri.user()).isEqualTo("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
        assertThat(uri.password()).isEqualTo("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
        assertThat(r.to().displayName()).isEqualTo("BEL:\u0007 NUL:\0 DEL:\u007f");
        assertThat(r.from().displayName()).isEqualTo("token1~` token2'+_ token3*%!.-");
        assertThat(r.from().params().get("fromParam''~+*_!.-%")).contains("\"работающий\"");
        assertThat(r.from().tag()).contains("_token~1'+`*%!-.");
        assertThat(r.callId()).isEqualTo("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
        assertThat(r.cseq().method()).isEqualTo(method);
        assertThat(r.header("extensionHeader-!.%*+_`'~")).contains("\uFEFF大停電");
    }

    /** §3.1.1.3 esc01: escaped characters in URIs compare equal to their unescaped forms. */
    @Test
    void esc01() {
        SipRequest r = validRequest("""
                INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0
                To: sip:%75se%72@example.com
                From: <sip:I%20have%20spaces@example.net>;tag=938
                Max-Forwards: 87
                i: esc01.239409asdfakjkn23onasd0-3234
                CSeq: 234234 INVITE
                Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw
                C: application/sdp
                Contact:
                  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>
                Content-Length: {CL}

                """ + SDP);
        SipUri ruri = (SipUri) r.requestUri();
        assertThat(ruri.user()).isEqualTo("sips:user@example.com");
        assertThat(ruri.host()).isEqualTo("example.net");
        assertThat(r.to().uri()).isEqualTo(SipUri.parse("sip:user@example.com"));
        assertThat(((SipUri) r.from().uri()).user()).isEqualTo("I have spaces");
        SipUri contact = (SipUri) r.contacts().get(0).uri();
        assertThat(contact.user()).isEqualTo("caller");
        assertThat(contact.params()).containsExactly(Param.flag("lr"), new Param("name", "value%41"));
        assertThat(r.callId()).isEqualTo("esc01.239409asdfakjkn23onasd0-3234");
        assertThat(r.contentType()).contains("application/sdp");
    }

    /** §3.1.1.4 escnull: %00 in URIs is legal and must not truncate anything. */
    @Test
    void escnull() {
        SipRequest r = validRequest("""
                REGISTER sip:example.com SIP/2.0
                To: sip:null-%00-null@example.com
                From: sip:null-%00-null@example.com;tag=839923423
                Max-Forwards: 70
                Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd
                CSeq: 14398234 REGISTER
                Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw
                Contact: <sip:%00@host5.example.com>
                Contact: <sip:%00%00@host5.example.com>
                L:0
                """);
        assertThat(((SipUri) r.to().uri()).user()).isEqualTo("null-\0-null");
        assertThat(r.contacts()).extracting(c -> ((SipUri) c.uri()).user()).containsExactly("\0", "\0\0");
    }

    /** §3.1.1.5 esc02: an escaped method or header name is a different (unknown) one. */
    @Test
    void esc02() {
        SipRequest r = validRequest("""
                RE%47IST%45R sip:registrar.example.com SIP/2.0
                To: "%Z%45" <sip:resource@example.com>
                From: "%Z%45" <sip:resource@example.com>;tag=f232jadfj23
                Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf
                Via: SIP/2.0/TCP host.example.com;branch=z9hG4bK209falll
                CSeq: 29344 RE%47IST%45R
                Max-Forwards: 70
                Contact: <sip:alias1@host1.example.com>
                C%6Fntact: <sip:alias2@host2.example.com>
                Contact: <sip:alias3@host3.example.com>
                l: 0
                """);
        assertThat(r.method()).isEqualTo("RE%47IST%45R").isNotEqualTo(SipRequest.REGISTER);
        assertThat(r.to().displayName()).isEqualTo("%Z%45");
        assertThat(r.contacts()).hasSize(2);
        assertThat(r.header("C%6Fntact")).contains("<sip:alias2@host2.example.com>");
    }

    /** §3.1.1.6 lwsdisp: no LWS between an unquoted display name and '<'. */
    @Test
    void lwsdisp() {
        SipRequest r = validRequest("""
                OPTIONS sip:user@example.com SIP/2.0
                To: sip:user@example.com
                From: caller<sip:caller@example.com>;tag=323
                Max-Forwards: 70
                Call-ID: lwsdisp.1234abcd@funky.example.com
                CSeq: 60 OPTIONS
                Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw
                l: 0
                """);
        assertThat(r.from().displayName()).isEqualTo("caller");
        assertThat(r.from().tag()).contains("323");
    }

    /** §3.1.1.7 longreq: long but legal values and many Via headers. */
    @Test
    void longreq() {
        String name = "I have a user name of " + "extreme ".repeat(40) + "proportion";
        String longParam = "very" + "long".repeat(200) + "value";
        StringBuilder vias = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            vias.append("Via: SIP/2.0/TCP sip").append(i).append(".example.com:5060;branch=z9hG4bK")
                    .append("x".repeat(100)).append(i).append('\n');
        }
        String callId = "longreq.one" + "really".repeat(150) + "longcallid";
        SipRequest r = validRequest("INVITE sip:user@example.com SIP/2.0\n"
                + "To: \"" + name + "\" <sip:user@example.com:6000;unknownparam1=" + longParam
                + ";longparamname" + "x".repeat(300) + "=shortvalue;" + "flag".repeat(100) + ">\n"
                + "From: sip:caller@example.net;tag=" + "12982424".repeat(40) + "\n"
                + "Call-ID: " + callId + "\n"
                + "CSeq: 3882340 INVITE\n"
                + "Max-Forwards: 70\n"
                + vias
                + "Contact: <sip:amazinglylongcallername" + "a".repeat(500) + "@host5.example.net>\n"
                + "X-Long-Header: " + "value ".repeat(700) + "\n"
                + "Content-Type: application/sdp\n"
                + "l: {CL}\n\n" + SDP);
        assertThat(r.to().displayName()).isEqualTo(name);
        assertThat(((SipUri) r.to().uri()).param("unknownparam1")).contains(longParam);
        assertThat(r.vias()).hasSize(40);
        assertThat(r.callId()).isEqualTo(callId);
    }

    /** §3.1.1.8 dblreq: octets after Content-Length in a datagram are discarded (RFC 3261 §18.3). */
    @Test
    void dblreq() {
        byte[] register = Wire.bytes("""
                REGISTER sip:example.com SIP/2.0
                To: sip:j.user@example.com
                From: sip:j.user@example.com;tag=43251j3j324
                Max-Forwards: 8
                I: dblreq.0ha0isndaksdj99sdfafnl3lk233412
                Contact: sip:j.user@host.example.com
                CSeq: 8 REGISTER
                Via: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKon23nd9
                Content-Length: 0
                """);
        byte[] invite = Wire.bytes("""
                INVITE sip:joe@example.com SIP/2.0
                t: sip:joe@example.com
                From: sip:caller@example.net;tag=141334
                Max-Forwards: 8
                Call-ID: dblreq.0ha0isnda977644900765@192.0.2.15
                CSeq: 8 INVITE
                Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234
                Content-Type: application/sdp
                Content-Length: {CL}

                """ + SDP);
        ParseResult result = Wire.PARSER.parse(Wire.concat(register, invite));
        assertThat(result).isInstanceOf(Parsed.class);
        SipRequest r = (SipRequest) ((Parsed) result).message();
        assertThat(r.method()).isEqualTo("REGISTER");
        assertThat(r.body()).isEmpty();
    }

    /** §3.1.1.9 semiuri: ';' in the user part is not a URI parameter. */
    @Test
    void semiuri() {
        SipRequest r = validRequest("""
                OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0
                To: sip:j_user@example.com
                From: sip:caller@example.org;tag=33242
                Max-Forwards: 3
                Call-ID: semiuri.0ha0isndaksdj
                CSeq: 8 OPTIONS
                Accept: application/sdp, application/pkcs7-mime,
                        multipart/mixed, multipart/signed,
                        message/sip, message/sipfrag
                Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw
                l: 0
                """);
        SipUri uri = (SipUri) r.requestUri();
        assertThat(uri.user()).isEqualTo("user;par=u@example.net");
        assertThat(uri.host()).isEqualTo("example.com");
        assertThat(uri.params()).isEmpty();
        assertThat(r.headers().values("Accept")).hasSize(6);
    }

    /** §3.1.1.10 transports: unknown transports in Via are legal. */
    @Test
    void transports() {
        SipRequest r = validRequest("""
                OPTIONS sip:user@example.com SIP/2.0
                To: sip:user@example.com
                From: <sip:caller@example.com>;tag=323
                Max-Forwards: 70
                Call-ID:  transports.kijh4akdnaqjkwendsasfdj
                Accept: application/sdp
                CSeq: 60 OPTIONS
                Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw
                Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf
                Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj
                Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en
                Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee
                l: 0
                """);
        assertThat(r.vias()).extracting(Via::transport).containsExactly("UDP", "SCTP", "TLS", "UNKNOWN", "TCP");
    }

    /** §3.1.1.11 mpart01: a multipart body with binary octets (even CRLFCRLF) is carried verbatim. */
    @Test
    void mpart01() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        byte[] body = Wire.concat(("--boundary42\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
                + "--boundary42\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Transfer-Encoding: binary\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                binary, "\r\n\r\n\r\n--boundary42--\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] head = Wire.bytes("""
                MESSAGE sip:kumiko@example.org SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-mpart-7f3a;rport
                Max-Forwards: 70
                Route: <sip:127.0.0.1:5080>
                X-Signature: QmluYXJ5IGJvZGllcyBtdXN0IHN1cnZpdmUgdW50b3VjaGVk
                  c28gdGhhdCBzaWduYXR1cmVzIHN0aWxsIHZlcmlmeQ==
                To: <sip:kumiko@example.org>
                From: <sip:koji@example.net>;tag=2fb0dcc9
                Call-ID: mpart01.5e1c@192.0.2.7
                CSeq: 1 MESSAGE
                Content-Transfer-Encoding: binary
                Content-Type: multipart/mixed;boundary=boundary42
                Content-Length: %d
                """.formatted(body.length));
        SipRequest r = (SipRequest) Wire.valid(Wire.concat(head, body));
        assertThat(r.body()).isEqualTo(body);
        assertThat(r.contentType()).contains("multipart/mixed;boundary=boundary42");
    }

    /** §3.1.1.12 unreason: the reason phrase may hold UTF-8 and odd characters. */
    @Test
    void unreason() {
        String reason = "= 2**3 * 5**2 но 199 — простое число";
        SipResponse r = validResponse("SIP/2.0 200 " + reason + "\n" + """
                Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923
                Call-ID: unreason.1234ksdfak3j2erwedfsASdf
                CSeq: 35 INVITE
                From: sip:user@example.com;tag=11141343
                To: sip:user@example.edu;tag=2229
                Content-Length: {CL}
                Content-Type: application/sdp
                Contact: <sip:user@host198.example.com>

                """ + SDP);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.reason()).isEqualTo(reason);
    }

    /** §3.1.1.13 noreason: an empty reason phrase (the SP after the code is still there). */
    @Test
    void noreason() {
        SipResponse r = validResponse("""
                SIP/2.0 100\s
                Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe
                Call-ID: noreason.asndj203insdf99223ndf
                CSeq: 35 INVITE
                From: <sip:user@example.com>;tag=39ansfi3
                To: <sip:user@example.edu>;tag=902jndnke3
                Content-Length: 0
                Contact: <sip:user@host105.example.com>
                """);
        assertThat(r.status()).isEqualTo(100);
        assertThat(r.reason()).isEmpty();
    }

    @Test
    void leadingCrlfsBeforeTheStartLineAreIgnored() {
        SipMessage m = Wire.valid(Wire.concat("\r\n\r\n".getBytes(StandardCharsets.US_ASCII), Wire.bytes("""
                OPTIONS sip:user@example.com SIP/2.0
                To: sip:user@example.com
                From: <sip:caller@example.com>;tag=1
                Call-ID: crlf
                CSeq: 1 OPTIONS
                Via: SIP/2.0/UDP h.example.com;branch=z9hG4bKa
                """)));
        assertThat(m.callId()).isEqualTo("crlf");
    }
}
