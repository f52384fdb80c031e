package dozvon.core.port;

import dozvon.core.tracking.Attribution;
import dozvon.core.tracking.Lease;
import dozvon.core.tracking.NumberPool;
import dozvon.core.tracking.VisitorSession;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Leases of pool numbers to website visitors, shared by every replica (Redis in production). Every operation is
 * atomic: two visitors never hold the same number at once.
 */
public interface TrackingSessions {

    /**
     * The visitor's number: the one they already hold (renewed, their session updated), else the free number
     * released longest ago; empty when every number of the pool is held by someone else.
     */
    CompletionStage<Optional<Lease>> lease(NumberPool pool, VisitorSession session, Instant at);

    /**
     * The visitor who holds {@code number} of {@code pool}, or held it last: a visitor who calls just after
     * their lease ran out is still theirs until the number goes to someone else (the pool reuses the number
     * released longest ago, which keeps that window long). Empty when the number was never leased.
     */
    CompletionStage<Optional<Attribution>> holderOf(String pool, String number, Instant at);
}
