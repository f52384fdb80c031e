package dozvon.edge.ws;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Agent tokens for the console: {@code v1.<payload>.<mac>}, the payload base64url JSON
 * {@code {"a": agentId, "g": group, "e": expiry epoch seconds}}, the mac HMAC-SHA256 over {@code v1.<payload>}.
 * The key is derived from {@code http.adminToken} (HMAC with a fixed label), so every replica of a deployment
 * agrees without another secret to distribute, and changing the admin token revokes every agent token.
 */
public final class AgentTokens {

    /** What a valid token says. */
    public record Claims(String agentId, String group, Instant expiresAt) {}

    public static final Duration DEFAULT_TTL = Duration.ofHours(12);
    private static final String VERSION = "v1";
    private static final String LABEL = "dozvon/agent-token/v1";
    private static final int MAX_TOKEN_LENGTH = 2048;

    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;

    public AgentTokens(byte[] key, Duration ttl, Clock clock) {
        if (key.length < 16) {
            throw new IllegalArgumentException("token key too short");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.ttl = Objects.requireNonNull(ttl);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The deployment's key: HMAC-SHA256(key = admin token, label), the extract-and-expand step of HKDF in one. */
    public static AgentTokens fromAdminToken(String adminToken, Duration ttl, Clock clock) {
        return new AgentTokens(hmac(adminToken.getBytes(StandardCharsets.UTF_8), LABEL.getBytes(StandardCharsets.UTF_8)),
                ttl, clock);
    }

    public String issue(String agentId, String group) {
        long exp = clock.instant().plus(ttl).getEpochSecond();
        String payload = b64(new JsonObject().put("a", agentId).put("g", group).put("e", exp).encode()
                .getBytes(StandardCharsets.UTF_8));
        String signed = VERSION + "." + payload;
        return signed + "." + b64(hmac(key.getEncoded(), signed.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Empty for anything not issued by this deployment, tampered with, or expired. */
    public Optional<Claims> verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        byte[] given;
        byte[] payload;
        try {
            given = Base64.getUrlDecoder().decode(parts[2]);
            payload = Base64.getUrlDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        byte[] expected = hmac(key.getEncoded(), (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        if (!MessageDigest.isEqual(given, expected)) {
            return Optional.empty();
        }
        try {
            JsonObject p = new JsonObject(new String(payload, StandardCharsets.UTF_8));
            String agent = p.getString("a");
            String group = p.getString("g");
            Long exp = p.getLong("e");
            if (agent == null || group == null || exp == null) {
                return Optional.empty();
            }
            Instant expiresAt = Instant.ofEpochSecond(exp);
            if (!clock.instant().isBefore(expiresAt)) {
                return Optional.empty();
            }
            return Optional.of(new Claims(agent, group, expiresAt));
        } catch (DecodeException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
