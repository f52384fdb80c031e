package dozvon.core.port;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Failed console sign-ins per key (an agent id, an address), shared by every replica (Redis in production), so a
 * guesser spread over replicas gets no more attempts than one talking to a single replica.
 */
public interface LoginFailures {

    /** Counts a failure; completes with the failures so far, none of them older than {@code forgetAfter} apart. */
    CompletionStage<Long> failed(String key, Duration forgetAfter);

    /** Sign-ins for {@code key} are refused until {@code until}; the mark itself is kept {@code keepFor}. */
    CompletionStage<Void> block(String key, Instant until, Duration keepFor);

    /** Until when sign-ins for {@code key} are refused, if they are. */
    CompletionStage<Optional<Instant>> blockedUntil(String key);

    /** A successful sign-in: the key's failures are forgotten. */
    CompletionStage<Void> cleared(String key);
}
