package dozvon.edge.sip.transaction;

import dozvon.edge.sip.message.Via;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Makes Via branch values unique in space and time, with the RFC 3261 §8.1.1.7 magic cookie. */
@FunctionalInterface
public interface BranchGenerator {

    String next();

    /** 96 random bits after the cookie; one generator per layer, no shared state. */
    static BranchGenerator random() {
        SecureRandom random = new SecureRandom();
        HexFormat hex = HexFormat.of();
        return () -> {
            byte[] bytes = new byte[12];
            random.nextBytes(bytes);
            return Via.MAGIC_COOKIE + hex.formatHex(bytes);
        };
    }
}
