package dozvon.edge.sip.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dozvon.edge.sip.codec.ParseResult.Invalid;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hard limits give an error result, never an exception, and bound what is buffered. */
class SipLimitsTest {

    private static String options(String extraHeaders) {
        return Rfc4475InvalidMessagesTest.simpleOptions(extraHeaders);
    }

    private static Invalid invalid(ParseResult r) {
        assertThat(r).isInstanceOf(Invalid.class);
        return (Invalid) r;
    }

    @Test
    void tooManyHeaders() {
        Invalid r = invalid(Wire.parse(options("X-Filler: x\n".repeat(200))));
        assertThat(r.statusCode()).isEqualTo(513);
        assertThat(r.answerable()).isTrue();
        assertThat(Wire.parse(options("X-Filler: x\n".repeat(100)))).isInstanceOf(ParseResult.Parsed.class);
    }

    @Test
    void tooLongHeaderLine() {
        Invalid r = invalid(Wire.parse(options("X-Long: " + "a".repeat(9000) + "\n")));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.answerable()).isTrue();
    }

    @Test
    void foldingCannotSmuggleALongLine() {
        Invalid r = invalid(Wire.parse(options("X-Long: a\n" + (" " + "b".repeat(1000) + "\n").repeat(10))));
        assertThat(r.statusCode()).isEqualTo(400);
    }

    @Test
    void tooLongRequestUri() {
        String text = options("").replace("OPTIONS sip:user@example.com", "OPTIONS sip:" + "u".repeat(9000) + "@example.com");
        assertThat(invalid(Wire.parse(text)).statusCode()).isEqualTo(414);
    }

    @Test
    void oversizeDatagram() {
        SipParser small = new SipParser(new SipParserLimits(1024, 128, 512));
        String text = options("").replace("Content-Length: 0\n", "Content-Type: text/plain\nContent-Length: {CL}\n\n")
                + "x".repeat(2000);
        Invalid r = invalid(small.parse(Wire.bytes(text)));
        assertThat(r.statusCode()).isEqualTo(513);
        assertThat(r.answerable()).isTrue();
        byte[] huge = Wire.bytes(options("").replace("Content-Length: 0\n", "Content-Length: {CL}\n\n") + "y".repeat(70_000));
        assertThat(invalid(Wire.PARSER.parse(huge)).statusCode()).isEqualTo(513);
    }

    @Test
    void streamHeaderSectionWithoutEndIsCutOffAtTheLimit() {
        SipParser small = new SipParser(new SipParserLimits(4096, 128, 1024));
        EmbeddedChannel channel = new EmbeddedChannel(new SipStreamDecoder(small));
        byte[] start = "OPTIONS sip:a@example.com SIP/2.0\r\n".getBytes(StandardCharsets.US_ASCII);
        channel.writeInbound(Unpooled.wrappedBuffer(start));
        byte[] filler = "X-Filler: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 200; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(filler));
        }
        List<Object> out = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            out.add(o);
        }
        assertThat(out).hasSize(2);
        assertThat(((Invalid) out.get(0)).statusCode()).isEqualTo(513);
        assertThat(out.get(1)).isEqualTo(SipStreamEvent.CLOSE_CONNECTION);
        channel.finishAndReleaseAll();
    }

    @Test
    void streamBodyLargerThanTheLimitIsRefusedBeforeBuffering() {
        byte[] head = Wire.bytes(options("").replace("Content-Length: 0", "Content-Length: 1000000"));
        List<Object> out = SipStreamDecoderTest.decode(head);
        Invalid r = (Invalid) out.get(0);
        assertThat(r.statusCode()).isEqualTo(513);
        assertThat(r.answerable()).isTrue();
        assertThat(out.get(1)).isEqualTo(SipStreamEvent.CLOSE_CONNECTION);
    }

    @Test
    void overlongStartLineOnAStream() {
        byte[] junk = ("OPTIONS sip:" + "a".repeat(20_000)).getBytes(StandardCharsets.US_ASCII);
        List<Object> out = SipStreamDecoderTest.decode(junk);
        assertThat(out).last().isEqualTo(SipStreamEvent.CLOSE_CONNECTION);
    }

    @Test
    void bareCrInAHeaderIsRejectedAndNeverKept() {
        byte[] withCr = Wire.bytes(options("X-Sneaky: a\u0001\n"));
        for (int i = 0; i < withCr.length; i++) {
            if (withCr[i] == 1) {
                withCr[i] = '\r';
            }
        }
        Invalid r = invalid(Wire.PARSER.parse(withCr));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.partialRequest().header("X-Sneaky")).contains("a");
    }
}
