package dozvon.edge.sip.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dozvon.edge.sip.codec.ParseResult.Parsed;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Whatever the bytes, the codec returns a result and never throws; what parses, round-trips. */
class SipCodecPropertiesTest {

    static final List<byte[]> SEEDS = List.of(
            SipStreamDecoderTest.OPTIONS,
            SipStreamDecoderTest.INVITE_WITH_BODY,
            SipStreamDecoderTest.FOLDED_RESPONSE,
            Wire.bytes(Rfc4475InvalidMessagesTest.inviteWithRequestLine("INVITE sip:[2001:db8::10]:5070;lr SIP/2.0")),
            Wire.bytes("""
                    REGISTER sip:example.com SIP/2.0
                    v: SIP / 2.0 / UDP [2001:db8::1]:5060 ; branch = z9hG4bK1 ; rport, SIP/2.0/TCP h;received=1.2.3.4
                    t: "A \\"q\\"" <sip:%61@example.com;transport=tcp?X=%3C>;tag=1
                    f: sip:b@example.com;tag=2
                    i: x@y
                    CSeq: 7 REGISTER
                    m: <sip:c@example.com>;expires=60;q=0.5, *
                    Require: a, b
                    Expires: 3600
                    l: 0
                    """));

    private static final byte[] INTERESTING = ":;,<>\"\\ \t\r\n%[]@=?/0123456789-SIPsip".getBytes();

    @Property(tries = 1000)
    void randomBytesGiveAResult(@ForAll @Size(max = 1500) byte[] bytes) {
        assertThat(Wire.PARSER.parse(bytes)).isNotNull();
        assertStreamCopes(bytes, bytes.length / 2);
    }

    @Property(tries = 3000)
    void mutatedMessagesGiveAResult(@ForAll("mutatedMessages") byte[] bytes) {
        ParseResult result = Wire.PARSER.parse(bytes);
        assertThat(result).isNotNull();
        if (result instanceof Parsed parsed) {
            byte[] again = parsed.message().toBytes();
            assertThat(Wire.PARSER.parse(again)).isEqualTo(parsed);
        }
        assertStreamCopes(bytes, bytes.length / 3);
    }

    static void assertStreamCopes(byte[] bytes, int split) {
        EmbeddedChannel channel = new EmbeddedChannel(new SipStreamDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, 0, split)));
        channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, split, bytes.length)));
        List<Object> out = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            out.add(o);
        }
        assertThat(out).allMatch(o -> o instanceof ParseResult || o instanceof SipStreamEvent);
        channel.finishAndReleaseAll();
    }

    @Provide
    Arbitrary<byte[]> mutatedMessages() {
        Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
        Arbitrary<Mutation> mutation = Combinators.combine(
                Arbitraries.integers().between(0, 2),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.oneOf(Arbitraries.bytes(), Arbitraries.of(toBoxed(INTERESTING))))
                .as(Mutation::new);
        return Combinators.combine(seed, mutation.list().ofMinSize(1).ofMaxSize(8))
                .as((base, mutations) -> {
                    byte[] b = base;
                    for (Mutation m : mutations) {
                        b = m.apply(b);
                    }
                    return b;
                });
    }

    private static Byte[] toBoxed(byte[] bytes) {
        Byte[] out = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i];
        }
        return out;
    }

    /** Replace, insert or delete one byte at a relative position. */
    record Mutation(int op, double where, byte value) {
        byte[] apply(byte[] in) {
            if (in.length == 0) {
                return new byte[] {value};
            }
            int at = (int) (where * (in.length - 1));
            switch (op) {
                case 0 -> {
                    byte[] out = in.clone();
                    out[at] = value;
                    return out;
                }
                case 1 -> {
                    byte[] out = new byte[in.length + 1];
                    System.arraycopy(in, 0, out, 0, at);
                    out[at] = value;
                    System.arraycopy(in, at, out, at + 1, in.length - at);
                    return out;
                }
                default -> {
                    byte[] out = new byte[in.length - 1];
                    System.arraycopy(in, 0, out, 0, at);
                    System.arraycopy(in, at + 1, out, at, in.length - at - 1);
                    return out;
                }
            }
        }
    }
}
