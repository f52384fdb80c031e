package dozvon.store.redis;

import dozvon.core.presence.AgentHold;
import dozvon.core.presence.AgentState;
import dozvon.core.presence.AgentStatus;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * All agents at one moment (sorted by id), how many are in each state (every state present, maybe 0), and which
 * of them are held for a call, by which replica.
 */
public record PresenceSnapshot(List<AgentStatus> agents, Map<AgentState, Long> counts, List<AgentHold> holds) {

    public PresenceSnapshot {
        agents = List.copyOf(agents);
        counts = Map.copyOf(counts);
        holds = List.copyOf(holds);
    }

    static PresenceSnapshot of(List<AgentStatus> agents, List<AgentHold> holds) {
        Map<AgentState, Long> counts = new EnumMap<>(AgentState.class);
        for (AgentState s : AgentState.values()) {
            counts.put(s, 0L);
        }
        agents.forEach(a -> counts.merge(a.state(), 1L, Long::sum));
        return new PresenceSnapshot(agents, counts, holds);
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
