package dozvon.edge.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SipUriTest {

    @Test
    void parsesAllParts() {
        SipUri u = SipUri.parse("sips:alice:secret@Example.COM:5061;transport=tcp;lr?Subject=hi%20there&Priority=urgent");
        assertThat(u.secure()).isTrue();
        assertThat(u.user()).isEqualTo("alice");
        assertThat(u.password()).isEqualTo("secret");
        assertThat(u.host()).isEqualTo("Example.COM");
        assertThat(u.port()).isEqualTo(5061);
        assertThat(u.transport()).contains("tcp");
        assertThat(u.hasParam("lr")).isTrue();
        assertThat(u.headers()).containsExactly(new Param("Subject", "hi there"), new Param("Priority", "urgent"));
        assertThat(SipUri.parse(u.toString())).isEqualTo(u);
    }

    @Test
    void escapedCharactersDecodeAndCompareEqual() {
        SipUri escaped = SipUri.parse("sip:%75se%72@example.com");
        assertThat(escaped).isEqualTo(SipUri.parse("sip:user@example.com"));
        SipUri nul = SipUri.parse("sip:null-%00-null@example.com");
        assertThat(nul.user()).isEqualTo("null-\0-null");
        assertThat(nul.toString()).isEqualTo("sip:null-%00-null@example.com");
    }

    @Test
    void userMayHoldSemicolonsAndQuestionMarks() {
        SipUri u = SipUri.parse("sip:user;par=u%40example.net@example.com");
        assertThat(u.user()).isEqualTo("user;par=u@example.net");
        assertThat(u.host()).isEqualTo("example.com");
        assertThat(u.params()).isEmpty();
    }

    @Test
    void ipv6ReferencesPerRfc5118() {
        assertThat(SipUri.parse("sip:[2001:db8::10]").host()).isEqualTo("[2001:db8::10]");
        SipUri ambiguous = SipUri.parse("sip:[2001:db8::10:5070]");
        assertThat(ambiguous.port()).isEqualTo(-1);
        SipUri unambiguous = SipUri.parse("sip:user@[2001:db8::10]:5070");
        assertThat(unambiguous.host()).isEqualTo("[2001:db8::10]");
        assertThat(unambiguous.port()).isEqualTo(5070);
        assertThat(SipUri.parse("sip:[::ffff:192.0.2.10]").host()).isEqualTo("[::ffff:192.0.2.10]");
        assertThat(SipUri.parse("sip:[2001:db8::192.0.2.1]").host()).isEqualTo("[2001:db8::192.0.2.1]");
        assertThat(SipUri.parse("sip:[2001:db8:::192.0.2.1]").host()).isEqualTo("[2001:db8:::192.0.2.1]");
        assertThatThrownBy(() -> SipUri.parse("sip:2001:db8::10")).isInstanceOf(SipSyntaxException.class);
        assertThatThrownBy(() -> SipUri.parse("sip:[2001:db8::10")).isInstanceOf(SipSyntaxException.class);
        assertThatThrownBy(() -> SipUri.parse("sip:[1:2:3:4:5:6:7:8:9]")).isInstanceOf(SipSyntaxException.class);
    }

    @Test
    void otherSchemesAreOpaque() {
        Uri tel = Uri.parse("tel:+1-201-555-0123");
        assertThat(tel).isInstanceOf(AbsoluteUri.class);
        assertThat(tel.scheme()).isEqualTo("tel");
        assertThat(tel.toString()).isEqualTo("tel:+1-201-555-0123");
        assertThat(Uri.parse("soap.beep://192.0.2.103:3002").scheme()).isEqualTo("soap.beep");
        assertThatThrownBy(() -> Uri.parse("<sip:user@example.com>")).isInstanceOf(SipSyntaxException.class);
    }

    @Test
    void rejectsBadInput() {
        for (String bad : new String[] {"sip:", "sip:@host", "sip:user@", "sip:host:99999", "sip:host;=x",
            "sip:us er@host", "sip:host%zz", "sip:a@b?x"}) {
            assertThatThrownBy(() -> SipUri.parse(bad)).as(bad).isInstanceOf(SipSyntaxException.class);
        }
    }

    /** The equal and unequal pairs of RFC 3261 §19.1.4. */
    @Test
    void comparisonRules() {
        String[][] equal = {
            {"sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"},
            {"sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"},
            {"sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5"},
            {"sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"},
            {"sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                "sip:alice@atlanta.com?priority=urgent&subject=project%20x"}};
        for (String[] pair : equal) {
            assertThat(SipUri.parse(pair[0]).equivalentTo(SipUri.parse(pair[1]))).as(pair[0]).isTrue();
        }
        String[][] unequal = {
            {"SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"},
            {"sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"},
            {"sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"},
            {"sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"},
            {"sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"},
            {"sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"}};
        for (String[] pair : unequal) {
            assertThat(SipUri.parse(pair[0]).equivalentTo(SipUri.parse(pair[1]))).as(pair[0]).isFalse();
        }
    }
}
