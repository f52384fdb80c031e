package dozvon.core.presence;

import java.util.Objects;

/** An agent a claim moved to {@code ringing} for a call, with the SIP contact to ring. */
public record ClaimedAgent(String agentId, String contact) {
    public ClaimedAgent {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(contact, "contact");
    }
}
