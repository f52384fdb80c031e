package dozvon.edge.sip.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Server side of SIP digest authentication (RFC 3261 §22, RFC 7616, RFC 8760): issues challenges and checks
 * credentials. Nonces are self-validating (timestamp + random + HMAC with a per-process key), so no state is
 * kept per challenge; what is kept is the highest nonce-count seen per nonce, which refuses replays.
 * Not thread-safe: one instance per event loop.
 */
public final class DigestVerifier {

    /** What a credentials check concluded. */
    public sealed interface Verdict {
        record Authorized(String username) implements Verdict {}

        /** Challenge again; {@code stale} tells the phone its password was right but the nonce is old. */
        record Challenge(boolean stale) implements Verdict {}

        /** Wrong user for this request, malformed credentials and the like: 403, no new challenge. */
        record Forbidden(String why) implements Verdict {}
    }

    private static final int MAX_TRACKED_NONCES = 100_000;

    private final String realm;
    private final Duration nonceLifetime;
    private final List<DigestAlgorithm> offered;
    private final byte[] key = new byte[32];
    private final SecureRandom random = new SecureRandom();
    /** nonce → highest nc accepted; insertion-ordered so the oldest are dropped first. */
    private final Map<String, Long> seenCounts = new LinkedHashMap<>(1024, 0.75f, false);

    /** Offers SHA-256 then MD5, the order RFC 8760 §2.4 recommends. */
    public DigestVerifier(String realm, Duration nonceLifetime) {
        this(realm, nonceLifetime, List.of(DigestAlgorithm.SHA_256, DigestAlgorithm.MD5));
    }

    /**
     * @param offered algorithms in order of preference, one challenge each. Clients use the first they
     *                support; some (SIPp, older phones) read only the first challenge, so the order is a
     *                deployment choice ({@code sip.digestAlgorithms}).
     */
    public DigestVerifier(String realm, Duration nonceLifetime, List<DigestAlgorithm> offered) {
        if (offered.isEmpty()) {
            throw new IllegalArgumentException("offer at least one digest algorithm");
        }
        this.realm = realm;
        this.nonceLifetime = nonceLifetime;
        this.offered = List.copyOf(offered);
        random.nextBytes(key);
    }

    public String realm() {
        return realm;
    }

    /** WWW-Authenticate values, one per offered algorithm, in order of preference (RFC 8760 §2.4). */
    public List<String> challenges(Instant now, boolean stale) {
        String nonce = newNonce(now);
        List<String> out = new ArrayList<>();
        for (DigestAlgorithm a : offered) {
            out.add("Digest realm=" + AuthParams.quote(realm) + ", nonce=" + AuthParams.quote(nonce)
                    + ", algorithm=" + a.wireName() + ", qop=\"auth\"" + (stale ? ", stale=true" : ""));
        }
        return out;
    }

    /**
     * @param authorization the Authorization header value, or null when the request had none
     * @param expectedUser  the only username this request may authenticate as (the agent in the To URI)
     * @param password      that user's secret; null when the user has none (always forbidden)
     */
    public Verdict verify(String authorization, String method, String expectedUser, String password, Instant now) {
        if (authorization == null) {
            return new Verdict.Challenge(false);
        }
        Optional<AuthParams> parsed = AuthParams.parse(authorization);
        if (parsed.isEmpty() || !parsed.get().scheme().equalsIgnoreCase("Digest")) {
            return new Verdict.Forbidden("malformed credentials");
        }
        AuthParams p = parsed.get();
        String username = p.get("username").orElse(null);
        String nonce = p.get("nonce").orElse(null);
        String uri = p.get("uri").orElse(null);
        String response = p.get("response").orElse(null);
        if (username == null || nonce == null || uri == null || response == null) {
            return new Verdict.Forbidden("credentials lack username, nonce, uri or response");
        }
        if (!realm.equals(p.get("realm").orElse(null))) {
            return new Verdict.Challenge(false); // credentials for another realm: offer ours
        }
        if (!username.equals(expectedUser) || password == null) {
            return new Verdict.Forbidden("user may not register this address");
        }
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromWire(p.get("algorithm").orElse(null));
        if (algorithm.isEmpty() || !offered.contains(algorithm.get())) {
            return new Verdict.Challenge(false);
        }
        NonceAge age = age(nonce, now);
        if (age == NonceAge.FORGED) {
            return new Verdict.Challenge(false);
        }
        String qop = p.get("qop").orElse(null);
        String nc = p.get("nc").orElse(null);
        String cnonce = p.get("cnonce").orElse(null);
        if (qop != null && (!qop.equals("auth") || nc == null || cnonce == null || !nc.matches("[0-9a-fA-F]{8}"))) {
            return new Verdict.Forbidden("unsupported qop or missing nc/cnonce");
        }
        String expected = algorithm.get().response(username, realm, password, method, uri, nonce, qop, nc, cnonce);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase().getBytes(StandardCharsets.US_ASCII))) {
            return new Verdict.Challenge(false); // wrong password: the phone may prompt again
        }
        if (age == NonceAge.EXPIRED) {
            return new Verdict.Challenge(true); // right password, old nonce: stale=true, no prompt (RFC 7616 §3.3)
        }
        // Replay protection: each nonce-count is accepted once and must grow; without qop a nonce is single-use.
        long count = qop == null ? 1 : Long.parseLong(nc, 16);
        Long last = seenCounts.get(nonce);
        if (last != null && count <= last) {
            return new Verdict.Challenge(true);
        }
        remember(nonce, count);
        return new Verdict.Authorized(username);
    }

    private void remember(String nonce, long count) {
        seenCounts.put(nonce, count);
        if (seenCounts.size() > MAX_TRACKED_NONCES) {
            Iterator<String> it = seenCounts.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    private enum NonceAge { FRESH, EXPIRED, FORGED }

    String newNonce(Instant now) {
        ByteBuffer b = ByteBuffer.allocate(8 + 8 + 16);
        b.putLong(now.toEpochMilli());
        byte[] salt = new byte[8];
        random.nextBytes(salt);
        b.put(salt);
        b.put(mac(b.array(), 16), 0, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    private NonceAge age(String nonce, Instant now) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return NonceAge.FORGED;
        }
        if (raw.length != 32) {
            return NonceAge.FORGED;
        }
        byte[] expectedMac = mac(raw, 16);
        byte[] givenMac = java.util.Arrays.copyOfRange(raw, 16, 32);
        if (!MessageDigest.isEqual(java.util.Arrays.copyOf(expectedMac, 16), givenMac)) {
            return NonceAge.FORGED;
        }
        long issued = ByteBuffer.wrap(raw, 0, 8).getLong();
        long ageMillis = now.toEpochMilli() - issued;
        if (ageMillis < -5_000) {
            return NonceAge.FORGED; // from the future: not ours
        }
        return ageMillis > nonceLifetime.toMillis() ? NonceAge.EXPIRED : NonceAge.FRESH;
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            m.update(data, 0, length);
            return m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
