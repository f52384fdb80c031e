package dozvon.core.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Reads of recorded calls (Postgres in production): what {@code GET /api/calls} and its details show. */
public interface CallHistory {

    /**
     * Calls that arrived in [{@code from}, {@code to}), newest first, at most {@code limit} of them (at least 1).
     * A null bound is open. Calls that arrived at the same instant come in a stable order, so pages repeat.
     */
    CompletionStage<List<CallSummary>> recent(Instant from, Instant to, int limit);

    /** The call with its legs and trace; empty when no call with that id was recorded. */
    CompletionStage<Optional<CallDetail>> byId(String callId);
}
