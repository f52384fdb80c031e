package dozvon.edge.ws;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class AgentTokensTest {

    private static final Instant NOW = Instant.parse("2027-03-01T10:00:00Z");

    private static AgentTokens at(Instant now) {
        return AgentTokens.fromAdminToken("admin-secret", Duration.ofHours(12), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aTokenCarriesAgentGroupAndExpiryAndEveryReplicaWithTheSameAdminTokenAccepts() {
        String token = at(NOW).issue("anna", "sales");
        var claims = at(NOW.plusSeconds(60)).verify(token).orElseThrow();
        assertThat(claims.agentId()).isEqualTo("anna");
        assertThat(claims.group()).isEqualTo("sales");
        assertThat(claims.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(12)));
    }

    @Test
    void expiredForeignTamperedOrJunkTokensAreRefused() {
        String token = at(NOW).issue("anna", "sales");
        assertThat(at(NOW.plus(Duration.ofHours(12))).verify(token)).isEmpty();
        assertThat(AgentTokens.fromAdminToken("other", Duration.ofHours(1), Clock.fixed(NOW, ZoneOffset.UTC))
                .verify(token)).isEmpty();
        String[] parts = token.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"a\":\"igor\",\"g\":\"sales\",\"e\":9999999999}".getBytes());
        assertThat(at(NOW).verify(parts[0] + "." + otherPayload + "." + parts[2])).as("payload swapped").isEmpty();
        for (String junk : new String[] {null, "", "v1", "v1..", "v2." + parts[1] + "." + parts[2], "v1.%%%.***",
                "x".repeat(5000)}) {
            assertThat(at(NOW).verify(junk)).as(String.valueOf(junk)).isEmpty();
        }
    }

    @Test
    void passwordsCompareWhateverTheirLength() {
        assertThat(LoginRoutes.constantTimeEquals("secret", "secret")).isTrue();
        assertThat(LoginRoutes.constantTimeEquals("secret", "secret!")).isFalse();
        assertThat(LoginRoutes.constantTimeEquals("", "x")).isFalse();
    }
}
