package dozvon.core.port;

import dozvon.core.tracking.BlacklistEntry;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Blacklist patterns added over the API (Postgres in production). Each replica keeps its own copy in memory and
 * refreshes it when {@link #version} moves, so the call path never asks the store.
 */
public interface BlacklistStore {

    CompletionStage<List<BlacklistEntry>> all();

    /** @return false when the pattern was already there (its note is then updated) */
    CompletionStage<Boolean> add(String pattern, String note, Instant at);

    /** @return false when there was no such pattern */
    CompletionStage<Boolean> remove(String pattern);

    /** A number that changes with every add or remove: cheap to poll. */
    CompletionStage<Long> version();
}
