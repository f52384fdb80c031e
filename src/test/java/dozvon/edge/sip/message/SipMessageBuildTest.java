package dozvon.edge.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipMessageBuildTest {

    private static SipRequest invite() {
        return SipRequest.create(SipRequest.INVITE, SipUri.parse("sip:bob@example.com"),
                Via.of("UDP", "192.0.2.1", 5060, "z9hG4bK776asdhds").withParam("rport", null),
                NameAddr.of("Alice", SipUri.parse("sip:alice@example.com")).withTag("1928301774"),
                NameAddr.of(SipUri.parse("sip:bob@example.com")), "a84b4c76e66710@pc33", 314159)
                .withHeader("Timestamp", "54")
                .withBody("application/sdp", "v=0\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void serialisesWithContentLength() {
        String wire = new String(invite().toBytes(), StandardCharsets.UTF_8);
        assertThat(wire).startsWith("INVITE sip:bob@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds;rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: \"Alice\" <sip:alice@example.com>;tag=1928301774\r\n");
        assertThat(wire).endsWith("Content-Type: application/sdp\r\nContent-Length: 5\r\n\r\nv=0\r\n");
    }

    @Test
    void writesTextOutsideAsciiAsUtf8TheSameIntoABufferAsIntoBytes() {
        SipRequest request = invite().withHeader("Subject", "Звонок с сайта");
        byte[] bytes = request.toBytes();
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\r\nSubject: Звонок с сайта\r\n");
        io.netty.buffer.ByteBuf buf = request.encode(io.netty.buffer.ByteBufAllocator.DEFAULT);
        try {
            assertThat(io.netty.buffer.ByteBufUtil.getBytes(buf)).isEqualTo(bytes);
        } finally {
            buf.release();
        }
    }

    @Test
    void responseCopiesHeadersPerRfc3261() {
        SipRequest req = invite().withTopVia(Via.of("TCP", "proxy.example.com", -1, "z9hG4bKtop"));
        SipResponse trying = SipResponse.forRequest(req, 100, "Trying");
        assertThat(trying.headers().values("Via")).hasSize(2);
        assertThat(trying.topVia().host()).isEqualTo("proxy.example.com");
        assertThat(trying.header("Timestamp")).contains("54");
        assertThat(trying.cseq()).isEqualTo(new CSeq(314159, "INVITE"));
        SipResponse ok = SipResponse.forRequest(req, 200, "OK").withToTag("abc");
        assertThat(ok.to().tag()).contains("abc");
        assertThat(ok.header("Timestamp")).isEmpty();
        assertThat(ok.withoutTopVia().vias()).hasSize(1);
        assertThat(ok.body()).isEmpty();
    }

    @Test
    void b2buaEditing() {
        SipRequest req = invite();
        SipRequest forwarded = req.withDecrementedMaxForwards().withoutHeader("Timestamp")
                .withTopVia(Via.of("UDP", "10.0.0.1", 5060, "z9hG4bKb2b"));
        assertThat(forwarded.maxForwards()).hasValue(69);
        assertThat(forwarded.header("timestamp")).isEmpty();
        assertThat(forwarded.vias()).extracting(Via::host).containsExactly("10.0.0.1", "192.0.2.1");
        assertThat(forwarded.withoutTopVia().vias()).extracting(Via::host).containsExactly("192.0.2.1");
        assertThat(req.maxForwards()).hasValue(70);
    }

    @Test
    void headerInjectionIsRefused() {
        SipRequest req = invite();
        assertThatThrownBy(() -> req.withHeader("X-Note", "a\r\nVia: SIP/2.0/UDP evil")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NameAddr.of("Eve\r\nX: y", SipUri.parse("sip:e@example.com")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SipUri.of("eve", "example.com\r\nX: y", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SipResponse(SipMessage.SIP_2_0, 200, "OK\r\nX: y", null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SipRequest.of("INV ITE", SipUri.parse("sip:a@example.com"), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
