package dozvon.edge.sip.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dozvon.edge.sip.codec.ParseResult.Garbage;
import dozvon.edge.sip.codec.ParseResult.Invalid;
import dozvon.edge.sip.codec.ParseResult.Parsed;
import dozvon.edge.sip.message.SipRequest;
import dozvon.edge.sip.message.SipResponse;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Framing on a stream: any split of the input gives the same results; unframeable input closes. */
class SipStreamDecoderTest {

    static final byte[] OPTIONS = Wire.bytes(Rfc4475InvalidMessagesTest.simpleOptions(""));
    static final byte[] INVITE_WITH_BODY = Wire.bytes("""
            INVITE sip:bob@example.com SIP/2.0
            Via: SIP/2.0/TCP pc33.example.com;branch=z9hG4bK776asdhds
            Max-Forwards: 70
            To: Bob <sip:bob@example.com>
            From: Alice <sip:alice@example.com>;tag=1928301774
            Call-ID: a84b4c76e66710@pc33.example.com
            CSeq: 314159 INVITE
            Contact: <sip:alice@pc33.example.com;transport=tcp>
            Content-Type: application/sdp
            Content-Length: {CL}

            """ + Rfc4475ValidMessagesTest.SDP + "\r\n\r\n");
    static final byte[] FOLDED_RESPONSE = Wire.bytes("""
            SIP/2.0 180 Ringing
            Via: SIP/2.0/TCP pc33.example.com;branch=z9hG4bK776asdhds
            To: Bob <sip:bob@example.com>
              ;tag=a6c85cf
            From: Alice <sip:alice@example.com>;tag=1928301774
            Call-ID: a84b4c76e66710@pc33.example.com
            CSeq: 314159
             INVITE
            l: 0
            """);
    static final byte[] PING = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    static List<Object> decode(List<byte[]> chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(new SipStreamDecoder());
        List<Object> out = new ArrayList<>();
        for (byte[] chunk : chunks) {
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
            for (Object o; (o = channel.readInbound()) != null; ) {
                out.add(o);
            }
        }
        channel.finishAndReleaseAll();
        return out;
    }

    static List<Object> decode(byte[] all) {
        return decode(List.of(all));
    }

    @Test
    void everySplitPointGivesTheSameResults() {
        List<byte[]> scenarios = List.of(
                OPTIONS,
                INVITE_WITH_BODY,
                FOLDED_RESPONSE,
                Wire.concat(OPTIONS, INVITE_WITH_BODY),
                Wire.concat(PING, INVITE_WITH_BODY, "\r\n".getBytes(StandardCharsets.US_ASCII), FOLDED_RESPONSE, PING));
        for (byte[] scenario : scenarios) {
            List<Object> whole = decode(scenario);
            assertThat(whole).isNotEmpty().noneMatch(o -> o instanceof Invalid || o instanceof Garbage);
            for (int split = 0; split <= scenario.length; split++) {
                List<Object> parts = decode(List.of(Arrays.copyOfRange(scenario, 0, split),
                        Arrays.copyOfRange(scenario, split, scenario.length)));
                assertThat(parts).as("split at %d", split).isEqualTo(whole);
            }
            List<byte[]> singleBytes = new ArrayList<>();
            for (byte b : scenario) {
                singleBytes.add(new byte[] {b});
            }
            assertThat(decode(singleBytes)).as("byte by byte").isEqualTo(whole);
        }
    }

    @Test
    void severalMessagesInOneRead() {
        List<Object> out = decode(Wire.concat(OPTIONS, INVITE_WITH_BODY, FOLDED_RESPONSE));
        assertThat(out).hasSize(3);
        assertThat(((Parsed) out.get(0)).message()).isInstanceOf(SipRequest.class);
        SipRequest invite = (SipRequest) ((Parsed) out.get(1)).message();
        assertThat(invite.bodyAsString()).isEqualTo(Rfc4475ValidMessagesTest.SDP.replace("\n", "\r\n") + "\r\n\r\n");
        SipResponse ringing = (SipResponse) ((Parsed) out.get(2)).message();
        assertThat(ringing.to().tag()).contains("a6c85cf");
        assertThat(ringing.cseq().method()).isEqualTo("INVITE");
    }

    @Test
    void doubleCrlfIsAPingAndSingleCrlfIsIgnored() {
        assertThat(decode(PING)).containsExactly(SipStreamEvent.KEEP_ALIVE_PING);
        assertThat(decode("\r\n".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        List<Object> out = decode(Wire.concat(PING, PING, OPTIONS));
        assertThat(out).hasSize(3);
        assertThat(out.subList(0, 2)).containsOnly(SipStreamEvent.KEEP_ALIVE_PING);
    }

    @Test
    void missingContentLengthIsAnsweredThenTheConnectionCloses() {
        byte[] noLength = Wire.bytes(Rfc4475InvalidMessagesTest.simpleOptions("")
                .replace("Content-Length: 0\n", ""));
        List<Object> out = decode(Wire.concat(noLength, OPTIONS));
        assertThat(out).hasSize(2);
        Invalid invalid = (Invalid) out.get(0);
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.answerable()).isTrue();
        assertThat(out.get(1)).isEqualTo(SipStreamEvent.CLOSE_CONNECTION);
    }

    @Test
    void negativeContentLengthClosesTheConnection() {
        byte[] negative = Wire.bytes(Rfc4475InvalidMessagesTest.simpleOptions("")
                .replace("Content-Length: 0", "Content-Length: -999"));
        List<Object> out = decode(negative);
        assertThat(((Invalid) out.get(0)).statusCode()).isEqualTo(400);
        assertThat(out.get(1)).isEqualTo(SipStreamEvent.CLOSE_CONNECTION);
    }

    /** RFC 4475 §3.3.9 mcl01 on a stream: the body cannot be framed, so the connection is given up. */
    @Test
    void multipleContentLengthsCloseTheConnection() {
        byte[] twoLengths = Wire.bytes(Rfc4475InvalidMessagesTest.simpleOptions("Content-Length: 5\n"));
        List<Object> out = decode(Wire.concat(twoLengths, OPTIONS));
        assertThat(out).hasSize(2);
        assertThat(((Invalid) out.get(0)).statusCode()).isEqualTo(400);
        assertThat(out.get(1)).isEqualTo(SipStreamEvent.CLOSE_CONNECTION);
    }

    @Test
    void aFramedButInvalidMessageDoesNotCloseTheConnection() {
        byte[] mismatch = Wire.bytes(Rfc4475InvalidMessagesTest.simpleOptions("")
                .replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE"));
        List<Object> out = decode(Wire.concat(mismatch, OPTIONS));
        assertThat(out).hasSize(2);
        assertThat(((Invalid) out.get(0)).statusCode()).isEqualTo(400);
        assertThat(out.get(1)).isInstanceOf(Parsed.class);
    }

    @Test
    void aBodyStillInFlightIsWaitedFor() {
        byte[] clerr = Wire.bytes(Rfc4475InvalidMessagesTest.simpleOptions("")
                .replace("Content-Length: 0", "Content-Length: 9999"));
        assertThat(decode(clerr)).isEmpty();
    }

    @Test
    void nonSipInputIsGarbageAndCloses() {
        List<Object> out = decode("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(out.get(0)).isInstanceOf(Garbage.class);
        assertThat(out.get(1)).isEqualTo(SipStreamEvent.CLOSE_CONNECTION);
        byte[] tlsHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03, '\n'};
        assertThat(decode(tlsHello)).last().isEqualTo(SipStreamEvent.CLOSE_CONNECTION);
    }

    @Test
    void afterCloseEverythingIsDiscarded() {
        List<Object> out = decode(List.of("BLAH\r\n\r\n".getBytes(StandardCharsets.US_ASCII), OPTIONS, OPTIONS));
        assertThat(out).hasSize(2).last().isEqualTo(SipStreamEvent.CLOSE_CONNECTION);
    }
}
