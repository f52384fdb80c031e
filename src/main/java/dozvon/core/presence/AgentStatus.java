package dozvon.core.presence;

import java.time.Instant;
import java.util.Objects;

/**
 * One agent's presence with what holds it: the state, when it began, whether the phone can be reached, and
 * the call holding the agent (ringing or on_call), if any.
 *
 * @param callId the call holding the agent, else null
 */
public record AgentStatus(String agentId, String group, AgentState state, Instant since, boolean reachable,
                          String callId) {

    public AgentStatus {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }

    public AgentPresence presence() {
        return new AgentPresence(agentId, state, since, reachable);
    }
}
