package dozvon.store.redis;

import dozvon.core.presence.AgentPresence;
import dozvon.core.presence.AgentState;

import java.time.Instant;

/**
 * One agent as {@code GET /api/agents} shows it.
 *
 * @param callId the call holding the agent (ringing, on_call), else null
 */
public record AgentStatus(String agentId, String group, AgentState state, Instant since, boolean reachable,
                         String callId) {

    public AgentPresence presence() {
        return new AgentPresence(agentId, state, since, reachable);
    }
}
