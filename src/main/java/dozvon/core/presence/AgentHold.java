package dozvon.core.presence;

import java.util.Objects;

/** An agent held (ringing or on a call) for a call, by the replica that claimed them. */
public record AgentHold(String agentId, String callId, String replicaId) {
    public AgentHold {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(replicaId, "replicaId");
    }
}
