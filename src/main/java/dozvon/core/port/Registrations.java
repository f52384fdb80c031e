package dozvon.core.port;

import dozvon.core.presence.ContactBinding;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Registered phone contacts of agents, shared by all replicas (Redis in production). */
public interface Registrations {

    /**
     * Applies one REGISTER atomically: {@code removeAll} first (Contact: *), then removals, then upserts
     * (same contact URI replaces its earlier binding). Expired bindings are dropped on the way.
     *
     * @return the agent's live bindings after the change
     */
    CompletionStage<List<ContactBinding>> apply(String agentId, boolean removeAll, List<String> removals,
                                                List<ContactBinding> upserts, Instant now);

    /** The agent's live bindings. */
    CompletionStage<List<ContactBinding>> live(String agentId, Instant now);
}
