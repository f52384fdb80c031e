package dozvon.edge.sip.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dozvon.edge.sip.codec.ParseResult.Garbage;
import dozvon.edge.sip.codec.ParseResult.Invalid;
import dozvon.edge.sip.codec.ParseResult.Parsed;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipDatagramAndEncoderTest {
    private static final InetSocketAddress PBX = new InetSocketAddress("192.0.2.10", 5070);
    private static final InetSocketAddress US = new InetSocketAddress("192.0.2.1", 5060);

    private static ReceivedDatagram receive(byte[] bytes) {
        EmbeddedChannel channel = new EmbeddedChannel(new SipDatagramDecoder());
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(bytes), US, PBX));
        ReceivedDatagram received = channel.readInbound();
        channel.finishAndReleaseAll();
        return received;
    }

    @Test
    void datagramResultCarriesTheSender() {
        ReceivedDatagram received = receive(SipStreamDecoderTest.OPTIONS);
        assertThat(received.sender()).isEqualTo(PBX);
        assertThat(received.recipient()).isEqualTo(US);
        assertThat(received.result()).isInstanceOf(Parsed.class);
    }

    @Test
    void keepAliveAndNoiseAreGarbage() {
        assertThat(receive("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).result()).isInstanceOf(Garbage.class);
        assertThat(receive(new byte[] {0, 1, 0, 0, 0x21, 0x12, (byte) 0xa4, 0x42}).result()).isInstanceOf(Garbage.class);
        assertThat(receive(new byte[0]).result()).isInstanceOf(Garbage.class);
    }

    @Test
    void aMalformedRequestCanBeAnsweredFromThePartialRequest() {
        ReceivedDatagram received = receive(Wire.bytes(Rfc4475InvalidMessagesTest.simpleOptions("")
                .replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE")));
        Invalid invalid = (Invalid) received.result();
        SipResponse answer = SipResponse.forRequest(invalid.partialRequest(), invalid.statusCode(), invalid.reason());
        assertThat(answer.startLine()).isEqualTo("SIP/2.0 400 CSeq method does not match Request-Line");
        assertThat(answer.callId()).isEqualTo("simple.1@host.example.com");
        assertThat(answer.headers().values("Via")).hasSize(1);
    }

    @Test
    void invalidReasonIsSafeForAReasonPhrase() {
        Invalid invalid = new Invalid(400, "bad \r\n value " + "x".repeat(500), null);
        assertThat(invalid.reason()).doesNotContain("\r", "\n").hasSizeLessThanOrEqualTo(120);
    }

    @Test
    void aMessageEncodedIntoABufferParsesBackToItselfAndAPongIsOneCrlf() {
        SipRequest request = (SipRequest) ((Parsed) Wire.PARSER.parse(SipStreamDecoderTest.INVITE_WITH_BODY)).message();
        ByteBuf direct = request.encode(ByteBufAllocator.DEFAULT);
        assertThat(Wire.PARSER.parse(direct)).isEqualTo(new Parsed(request));
        direct.release();

        ByteBuf pong = SipStreamEvent.keepAlivePong(ByteBufAllocator.DEFAULT);
        assertThat(pong.toString(StandardCharsets.US_ASCII)).isEqualTo("\r\n");
        pong.release();
    }
}
