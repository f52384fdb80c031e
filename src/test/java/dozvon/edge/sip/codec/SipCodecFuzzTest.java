package dozvon.edge.sip.codec;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dozvon.edge.sip.codec.ParseResult.Parsed;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Jazzer fuzz tests. A normal {@code mvn test} runs them in regression mode over the seeds in
 * {@code src/test/resources/dozvon/edge/sip/codec/SipCodecFuzzTestInputs/}; with JAZZER_FUZZ=1 they
 * fuzz for {@code maxDuration}. Crashes found go there as new seed files.
 */
class SipCodecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parserNeverThrowsAndParsedMessagesRoundTrip(byte[] data) {
        ParseResult result = Wire.PARSER.parse(data);
        if (result == null) {
            throw new AssertionError("null result");
        }
        if (result instanceof Parsed parsed) {
            ParseResult again = Wire.PARSER.parse(parsed.message().toBytes());
            if (!parsed.equals(again)) {
                throw new AssertionError("round trip changed " + parsed + " into " + again);
            }
        }
    }

    @FuzzTest(maxDuration = "10s")
    void streamDecoderNeverThrows(FuzzedDataProvider data) {
        EmbeddedChannel channel = new EmbeddedChannel(new SipStreamDecoder());
        try {
            while (data.remainingBytes() > 0) {
                byte[] chunk = data.consumeBytes(1 + data.consumeInt(0, 600));
                channel.writeInbound(Unpooled.wrappedBuffer(chunk));
                for (Object o; (o = channel.readInbound()) != null; ) {
                    if (!(o instanceof ParseResult) && !(o instanceof SipStreamEvent)) {
                        throw new AssertionError("unexpected output " + o);
                    }
                }
            }
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
