package dozvon.edge.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/** The digest hashes SIP phones use: MD5 (RFC 2617) and SHA-256 (RFC 7616, RFC 8760 for SIP). */
public enum DigestAlgorithm {
    SHA_256("SHA-256", "SHA-256"),
    MD5("MD5", "MD5");

    private final String wireName;
    private final String jcaName;

    DigestAlgorithm(String wireName, String jcaName) {
        this.wireName = wireName;
        this.jcaName = jcaName;
    }

    public String wireName() {
        return wireName;
    }

    /** The config form ({@code SHA-256}, {@code MD5}); empty when unknown. */
    public static Optional<DigestAlgorithm> fromConfig(String name) {
        return name == null ? Optional.empty() : fromWire(name);
    }

    /** A missing algorithm parameter means MD5 (RFC 2617 §3.2.1). */
    public static Optional<DigestAlgorithm> fromWire(String name) {
        if (name == null) {
            return Optional.of(MD5);
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (DigestAlgorithm a : values()) {
            if (a.wireName.equals(n)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    public String hex(String data) {
        try {
            byte[] h = MessageDigest.getInstance(jcaName).digest(data.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " missing from the JDK", e);
        }
    }

    /**
     * The request-digest of RFC 2617 §3.2.2.1 / RFC 7616 §3.4.1: with qop=auth it covers nc and cnonce;
     * without qop (RFC 2069 clients) only the nonce.
     */
    public String response(String username, String realm, String password, String method, String uri,
                           String nonce, String qop, String nc, String cnonce) {
        String ha1 = hex(username + ":" + realm + ":" + password);
        String ha2 = hex(method + ":" + uri);
        if (qop == null) {
            return hex(ha1 + ":" + nonce + ":" + ha2);
        }
        return hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }
}
