package dozvon.core.presence;

import java.util.Objects;

/** An agent a claim considered and passed over, and why. */
public record SkippedAgent(String agentId, SkipReason reason) {
    public SkippedAgent {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(reason, "reason");
    }
}
