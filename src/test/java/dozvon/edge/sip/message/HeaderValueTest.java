package dozvon.edge.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HeaderValueTest {

    @Test
    void nameAddrForms() {
        NameAddr quoted = NameAddr.parse("\"J Rosenberg \\\\\\\"\"  <sip:jdrosen@example.com> ; tag = 98asjd8");
        assertThat(quoted.displayName()).isEqualTo("J Rosenberg \\\"");
        assertThat(quoted.tag()).contains("98asjd8");
        assertThat(NameAddr.parse(quoted.toString())).isEqualTo(quoted);

        NameAddr unquoted = NameAddr.parse("caller<sip:caller@example.com>;tag=323");
        assertThat(unquoted.displayName()).isEqualTo("caller");

        // addr-spec: the params belong to the header, not to the URI (RFC 3261 §20.10)
        NameAddr spec = NameAddr.parse("sip:+19725552222@gw1.example.net;unknownparam");
        assertThat(spec.angleBrackets()).isFalse();
        assertThat(((SipUri) spec.uri()).params()).isEmpty();
        assertThat(spec.params().has("unknownparam")).isTrue();

        NameAddr bracketed = NameAddr.parse("<sip:+19725552222@gw1.example.net;unknownparam>");
        assertThat(((SipUri) bracketed.uri()).hasParam("unknownparam")).isTrue();
        assertThat(bracketed.params().isEmpty()).isTrue();
    }

    @Test
    void nameAddrRejects() {
        for (String bad : new String[] {"\"Mr. J. User <sip:j.user@example.com>",
            "\"Watson, Thomas\" < sip:t.watson@example.org >", "Bell, Alexander <sip:a.g.bell@example.com>;tag=43",
            "sip:user@example.com?Route=%3Csip:sip.example.com%3E", "<sip:a@b>;;tag=1", "<sip:a@b"}) {
            assertThatThrownBy(() -> NameAddr.parse(bad)).as(bad).isInstanceOf(SipSyntaxException.class);
        }
    }

    @Test
    void viaWithLwsEverywhere() {
        Via v = Via.parse("SIP  /    2.0   / UDP  192.168.255.111   ; branch= z9hG4bK30239");
        assertThat(v.transport()).isEqualTo("UDP");
        assertThat(v.host()).isEqualTo("192.168.255.111");
        assertThat(v.branch()).contains("z9hG4bK30239");
        assertThat(Via.parse(v.toString())).isEqualTo(v);
    }

    @Test
    void viaParameters() {
        Via v = Via.parse("SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111;received=[2001:db8::9:255];rport;ttl=16;maddr=224.2.0.1");
        assertThat(v.host()).isEqualTo("[2001:db8::9:1]");
        assertThat(v.port()).isEqualTo(6050);
        assertThat(v.received()).contains("[2001:db8::9:255]");
        assertThat(v.hasRport()).isTrue();
        assertThat(v.rport()).isEmpty();
        assertThat(v.ttl()).hasValue(16);
        assertThat(v.maddr()).contains("224.2.0.1");
        assertThat(v.hasRfc3261Branch()).isTrue();
        assertThat(v.withReceived("192.0.2.1", 5099).rport()).hasValue(5099);
        assertThat(Via.parse("SIP/2.0/UDP h;branch=z9hG4bK").hasRfc3261Branch()).isFalse();
        assertThatThrownBy(() -> Via.parse("SIP/2.0/UDP 192.0.2.15;;")).isInstanceOf(SipSyntaxException.class);
        assertThatThrownBy(() -> Via.parse("SIP/2.0/UDP h;rport=x")).isInstanceOf(SipSyntaxException.class);
    }

    @Test
    void cseqBounds() {
        assertThat(CSeq.parse("0009\t INVITE")).isEqualTo(new CSeq(9, "INVITE"));
        assertThat(CSeq.parse("4294967295 ACK").number()).isEqualTo(4294967295L);
        assertThatThrownBy(() -> CSeq.parse("4294967296 ACK")).isInstanceOf(SipSyntaxException.class);
        assertThatThrownBy(() -> CSeq.parse("36893488147419103232 REGISTER")).isInstanceOf(SipSyntaxException.class);
    }

    @Test
    void headersLookupCompactFormsAndLists() {
        SipHeaders h = SipHeaders.builder()
                .add("v", "SIP/2.0/UDP a;branch=z9hG4bK1, SIP/2.0/TCP b;branch=z9hG4bK2")
                .add("VIA", "SIP/2.0/UDP c;branch=z9hG4bK3")
                .add("WWW-Authenticate", "Digest realm=\"a,b\", nonce=\"x\"")
                .add("m", "\"Last, First\" <sip:a@b>, <sip:c@d;x=1,2>")
                .add("X-Custom", "a, b")
                .build();
        assertThat(h.asList().get(0).name()).isEqualTo("Via");
        assertThat(h.values("via")).hasSize(3);
        assertThat(h.values("WWW-Authenticate")).hasSize(1);
        assertThat(h.values("Contact")).containsExactly("\"Last, First\" <sip:a@b>", "<sip:c@d;x=1,2>");
        assertThat(h.values("x-custom")).containsExactly("a, b");
        assertThat(h.withoutFirstValue("Via").values("Via")).hasSize(2)
                .first().asString().contains("TCP b");
        assertThat(h.withFirst("Via", "SIP/2.0/UDP top").values("Via").get(0)).isEqualTo("SIP/2.0/UDP top");
    }

    @Test
    void scalarHelpers() {
        assertThat(HeaderValues.parseMaxForwards("0068")).isEqualTo(68);
        assertThatThrownBy(() -> HeaderValues.parseMaxForwards("300")).isInstanceOf(SipSyntaxException.class);
        assertThatThrownBy(() -> HeaderValues.parseContentLength("-999")).isInstanceOf(SipSyntaxException.class);
        assertThat(HeaderValues.isSipDate("Sat, 13 Nov 2010 23:29:00 GMT")).isTrue();
        assertThat(HeaderValues.isSipDate("Fri, 01 Jan 2010 16:00:00 EST")).isFalse();
    }
}
