package dozvon.edge.notify;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    private static final String SECRET = "whsec-0123456789abcdef";
    private static final byte[] BODY = "{\"id\":\"call.missed:c1\",\"event\":\"call.missed\"}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void matchesAnIndependentHmacOverTimestampDotBody() {
        // openssl: printf '1700000000.<body>' | openssl dgst -sha256 -hmac whsec-0123456789abcdef
        assertThat(WebhookSignature.header(SECRET, 1_700_000_000L, BODY))
                .isEqualTo("t=1700000000,v1=f75cb4c4a35f47e60195ce38948ead4c74b651d6e8d3c08fe975a25beb313279");
    }

    @Test
    void aReceiverAcceptsTheGenuineRequestOnly() {
        String header = WebhookSignature.header(SECRET, 1_700_000_000L, BODY);
        assertThat(WebhookSignature.verify(SECRET, header, BODY, 1_700_000_100L, 300)).isTrue();

        byte[] tampered = BODY.clone();
        tampered[tampered.length - 3] ^= 1;
        assertThat(WebhookSignature.verify(SECRET, header, tampered, 1_700_000_100L, 300)).isFalse();
        assertThat(WebhookSignature.verify("another-secret-0000", header, BODY, 1_700_000_100L, 300)).isFalse();
        // an old capture replayed later, or a timestamp moved to pass that check
        assertThat(WebhookSignature.verify(SECRET, header, BODY, 1_700_000_301L, 300)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, header.replace("t=1700000000", "t=1700000100"), BODY,
                1_700_000_100L, 300)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "t=1700000000", BODY, 1_700_000_000L, 300)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, "t=x,v1=zz", BODY, 1_700_000_000L, 300)).isFalse();
        assertThat(WebhookSignature.verify(SECRET, null, BODY, 1_700_000_000L, 300)).isFalse();
    }
}
