package dozvon.core.port;

import dozvon.core.presence.AgentStatus;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Reads of every agent's presence as all replicas share it (Redis in production). Changes go through
 * {@link PresenceStore}; this is the side that consoles, the wallboard and the admin API look at.
 */
public interface AgentRoster {

    /** Every agent the store knows, sorted by id. */
    CompletionStage<List<AgentStatus>> statuses();

    /** One agent; empty when the store does not know it (not configured, or not yet synced from config). */
    CompletionStage<Optional<AgentStatus>> status(String agentId);
}
