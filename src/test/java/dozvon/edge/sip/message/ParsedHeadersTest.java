package dozvon.edge.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Parsed header values are kept on the headers; a changed copy must never answer with the old value. */
class ParsedHeadersTest {

    private static SipRequest invite() {
        return SipRequest.create(SipRequest.INVITE, SipUri.parse("sip:bob@example.com"),
                Via.of("UDP", "192.0.2.1", 5060, "z9hG4bKone"),
                NameAddr.of(SipUri.parse("sip:alice@example.com")).withTag("a1"),
                NameAddr.of(SipUri.parse("sip:bob@example.com")), "call-1", 1);
    }

    @Test
    void aReplacedHeaderIsParsedAfreshWhileTheUntouchedOnesStayParsed() {
        SipRequest req = invite();
        NameAddr from = req.from();
        Via via = req.topVia();
        assertThat(req.from()).isSameAs(from); // parsed once

        SipRequest tagged = req.withReplacedHeader(HeaderNames.TO, "<sip:bob@example.com>;tag=b2");
        assertThat(tagged.to().tag()).contains("b2");
        assertThat(req.to().tag()).isEmpty();
        assertThat(tagged.from()).isSameAs(from);
        assertThat(tagged.topVia()).isSameAs(via);

        SipRequest compact = req.withoutHeader("f").withHeader("f", "<sip:carol@example.com>;tag=c3");
        assertThat(compact.from().tag()).contains("c3");
        assertThat(compact.cseq()).isEqualTo(new CSeq(1, "INVITE"));
    }

    @Test
    void replacingTheTopViaChangesOnlyTheTopValue() {
        SipRequest twoVias = invite().withTopVia(Via.of("UDP", "proxy.example.com", 5060, "z9hG4bKtop"));
        SipRequest stamped = twoVias.replacingTopVia(twoVias.topVia().withParam("received", "10.0.0.1"));
        assertThat(stamped.headers().values(HeaderNames.VIA)).hasSize(2);
        assertThat(stamped.topVia().received()).contains("10.0.0.1");
        assertThat(stamped.vias().get(1).branch()).contains("z9hG4bKone");
        assertThat(Via.parse(stamped.headers().values(HeaderNames.VIA).get(0))).isEqualTo(stamped.topVia());

        SipRequest noVia = invite().withoutHeader(HeaderNames.VIA);
        assertThat(noVia.topVia()).isNull();
        assertThat(noVia.replacingTopVia(Via.of("UDP", "h", 5060, "z9hG4bKnew")).topVia().host()).isEqualTo("h");
    }
}
