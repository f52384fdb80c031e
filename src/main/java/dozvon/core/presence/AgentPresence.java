package dozvon.core.presence;

import java.time.Instant;
import java.util.Objects;

/** An agent's presence as the store knows it: state, when it began, and whether the phone is reachable. */
public record AgentPresence(String agentId, AgentState state, Instant since, boolean reachable) {

    public AgentPresence {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    public boolean routable() {
        return PresenceRules.routable(state, reachable);
    }
}
