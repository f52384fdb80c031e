package dozvon.core.presence;

import java.time.Instant;

/**
 * Where an agent's phone can be reached: a registered Contact until {@code expiresAt}. {@code receivedFrom}
 * is the address the REGISTER really came from ({@code udp:203.0.113.5:5060}), used instead of the Contact's
 * own address when the phone sits behind NAT.
 */
public record ContactBinding(String contact, Instant expiresAt, String receivedFrom) {

    public boolean liveAt(Instant now) {
        return expiresAt.isAfter(now);
    }
}
