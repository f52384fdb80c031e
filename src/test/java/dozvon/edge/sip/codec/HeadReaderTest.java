package dozvon.edge.sip.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dozvon.edge.sip.message.Header;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A header line nothing continues is read straight from its bytes; one that continues goes the general way
 * (decode, join, trim). Both must read any line the same: a continuation of nothing but whitespace changes no
 * value, so each line is read both ways and compared.
 */
class HeadReaderTest {
    private static final HeadReader READER = new HeadReader(SipParserLimits.DEFAULTS);

    @Property(tries = 3000)
    void aLineReadsTheSameAloneAsBeforeAnEmptyContinuation(@ForAll("headerLines") String line) {
        Head alone = read("OPTIONS sip:a@b SIP/2.0\r\n" + line + "\r\nMax-Forwards: 70\r\n\r\n");
        Head continued = read("OPTIONS sip:a@b SIP/2.0\r\n" + line + "\r\n \t\r\nMax-Forwards: 70\r\n\r\n");

        assertThat(alone.headers).isEqualTo(continued.headers);
        assertThat(alone.errorStatus()).isEqualTo(continued.errorStatus());
        assertThat(alone.errorReason()).isEqualTo(continued.errorReason());
    }

    @Test
    void aPlainLineIsTrimmedAroundItsColonAndKeepsItsUtf8() {
        Head head = read("OPTIONS sip:a@b SIP/2.0\r\nSubject \t:  Звонок с сайта \t\r\nX-Empty:\r\n\r\n");

        assertThat(head.headers).containsExactly(new Header("Subject", "Звонок с сайта"), new Header("X-Empty", ""));
        assertThat(head.errorStatus()).isZero();
    }

    @Test
    void aBareCrInAPlainLineIsStillReportedAndNeverBreaksTheLine() {
        Head head = read("OPTIONS sip:a@b SIP/2.0\r\nSubject: a\rb\r\n\r\n");

        assertThat(head.headers).containsExactly(new Header("Subject", "a b"));
        assertThat(head.errorStatus()).isEqualTo(400);
        assertThat(head.errorReason()).isEqualTo("Bare CR in header section");
    }

    private static Head read(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return READER.read(b, 0, b.length);
    }

    @Provide
    Arbitrary<String> headerLines() {
        Arbitrary<String> name = Arbitraries.oneOf(
                Arbitraries.of("Subject", "Via", "v", "X-Ad-Source", "Content-Length", "l", ""),
                Arbitraries.strings().withChars("aZ-.!%*_+`'~ \tЖ@;(").ofMaxLength(8));
        Arbitrary<String> space = Arbitraries.of("", " ", "\t", "  \t", " \t ");
        Arbitrary<String> value = Arbitraries.strings()
                .withChars("abc019 \t:;,<>\"\\@=ЖЯ\r".toCharArray())
                .ofMaxLength(30);
        Arbitrary<Boolean> colon = Arbitraries.of(true, true, true, false);
        return Combinators.combine(name, space, colon, space, value)
                .as((n, s1, c, s2, v) -> n + s1 + (c ? ":" : "") + s2 + v)
                .filter(l -> !l.isEmpty() && l.charAt(0) != ' ' && l.charAt(0) != '\t'); // a line of its own
    }
}
