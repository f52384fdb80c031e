package dozvon.edge.sip.auth;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Client side of digest authentication: answers a trunk's 401/407 challenge with its credentials
 * (RFC 3261 §22.2). Picks the strongest algorithm offered that we support.
 */
public final class DigestClient {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DigestClient() {}

    /**
     * @param challenges WWW-Authenticate or Proxy-Authenticate values from the 401/407
     * @param nc         the nonce-count to use (1 for the first use of a nonce)
     * @return the Authorization/Proxy-Authorization value, or empty when no challenge is usable
     */
    public static Optional<String> answer(List<String> challenges, String username, String password, String method,
                                          String uri, long nc) {
        AuthParams best = null;
        DigestAlgorithm bestAlgorithm = null;
        for (String c : challenges) {
            Optional<AuthParams> p = AuthParams.parse(c);
            if (p.isEmpty() || !p.get().scheme().equalsIgnoreCase("Digest") || p.get().get("nonce").isEmpty()) {
                continue;
            }
            Optional<DigestAlgorithm> a = DigestAlgorithm.fromWire(p.get().get("algorithm").orElse(null));
            if (a.isPresent() && (bestAlgorithm == null || a.get().ordinal() < bestAlgorithm.ordinal())) {
                best = p.get();
                bestAlgorithm = a.get();
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String realm = best.get("realm").orElse("");
        String nonce = best.get("nonce").orElseThrow();
        boolean qopAuth = best.get("qop").map(q -> List.of(q.split("\\s*,\\s*")).contains("auth")).orElse(false);
        StringBuilder sb = new StringBuilder("Digest username=").append(AuthParams.quote(username))
                .append(", realm=").append(AuthParams.quote(realm))
                .append(", nonce=").append(AuthParams.quote(nonce))
                .append(", uri=").append(AuthParams.quote(uri))
                .append(", algorithm=").append(bestAlgorithm.wireName());
        if (qopAuth) {
            String ncHex = String.format("%08x", nc);
            byte[] c = new byte[8];
            RANDOM.nextBytes(c);
            String cnonce = HexFormat.of().formatHex(c);
            sb.append(", response=").append(AuthParams.quote(bestAlgorithm.response(username, realm, password, method,
                            uri, nonce, "auth", ncHex, cnonce)))
                    .append(", qop=auth, nc=").append(ncHex).append(", cnonce=").append(AuthParams.quote(cnonce));
        } else {
            sb.append(", response=").append(AuthParams.quote(bestAlgorithm.response(username, realm, password, method,
                    uri, nonce, null, null, null)));
        }
        best.get("opaque").ifPresent(o -> sb.append(", opaque=").append(AuthParams.quote(o)));
        return Optional.of(sb.toString());
    }
}
