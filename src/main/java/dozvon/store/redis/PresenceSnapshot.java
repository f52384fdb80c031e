package dozvon.store.redis;

import dozvon.core.presence.AgentState;
import dozvon.core.presence.AgentStatus;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** All agents at one moment (sorted by id), and how many are in each state (every state present, maybe 0). */
public record PresenceSnapshot(List<AgentStatus> agents, Map<AgentState, Long> counts) {

    public PresenceSnapshot {
        agents = List.copyOf(agents);
        counts = Map.copyOf(counts);
    }

    static PresenceSnapshot of(List<AgentStatus> agents) {
        Map<AgentState, Long> counts = new EnumMap<>(AgentState.class);
        for (AgentState s : AgentState.values()) {
            counts.put(s, 0L);
        }
        agents.forEach(a -> counts.merge(a.state(), 1L, Long::sum));
        return new PresenceSnapshot(agents, counts);
    }

    /** The counts keyed by wire name, as {@code Metrics.agentStates} takes them for {@code dozvon_agents{state}}. */
    public Map<String, Long> countsByWireName() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (AgentState s : AgentState.values()) {
            out.put(s.wire(), counts.getOrDefault(s, 0L));
        }
        return out;
    }
}
