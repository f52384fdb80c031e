package dozvon.edge.ws;

import dozvon.core.port.LoginFailures;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Slows down password guessing: after {@code freeFailures} failed logins for an agent id or from an address,
 * further attempts are refused (429) for a delay that doubles with every failure, up to {@code maxDelay}.
 * A success clears the agent's count. Failures are forgotten after {@code forgetAfter} without one. The counts
 * live in {@link LoginFailures}, shared by every replica.
 */
final class LoginThrottle {

    private final String scope;
    private final int freeFailures;
    private final Duration maxDelay;
    private final Duration forgetAfter;
    private final LoginFailures failures;
    private final Clock clock;

    LoginThrottle(String scope, int freeFailures, Duration maxDelay, Duration forgetAfter, LoginFailures failures,
                  Clock clock) {
        this.scope = scope;
        this.freeFailures = freeFailures;
        this.maxDelay = maxDelay;
        this.forgetAfter = forgetAfter;
        this.failures = failures;
        this.clock = clock;
    }

    /** One agent id: 5 free failures, then 1 s, 2 s, 4 s … up to 15 min. */
    static LoginThrottle perAgent(LoginFailures failures) {
        return new LoginThrottle("agent:", 5, Duration.ofMinutes(15), Duration.ofHours(1), failures, Clock.systemUTC());
    }

    /** One address (a sales floor shares one NAT address, so more room): 30 free failures. */
    static LoginThrottle perAddress(LoginFailures failures) {
        return new LoginThrottle("ip:", 30, Duration.ofMinutes(15), Duration.ofHours(1), failures, Clock.systemUTC());
    }

    /** How long the caller must still wait, if the key is blocked. */
    CompletionStage<Optional<Duration>> blocked(String key) {
        return failures.blockedUntil(scope + key).thenApply(until -> {
            Instant now = clock.instant();
            return until.filter(now::isBefore).map(u -> Duration.between(now, u));
        });
    }

    CompletionStage<Void> failed(String key) {
        return failures.failed(scope + key, forgetAfter).thenCompose(count -> {
            Optional<Duration> delay = delayAfter(count);
            return delay.isEmpty() ? CompletableFuture.<Void>completedFuture(null)
                    : failures.block(scope + key, clock.instant().plus(delay.get()), forgetAfter);
        });
    }

    CompletionStage<Void> succeeded(String key) {
        return failures.cleared(scope + key);
    }

    /** The block after the {@code count}th failure in a row: none while free, then doubling up to the maximum. */
    Optional<Duration> delayAfter(long count) {
        if (count < freeFailures) {
            return Optional.empty();
        }
        Duration d = Duration.ofSeconds(1L << Math.min(20, count - freeFailures));
        return Optional.of(d.compareTo(maxDelay) > 0 ? maxDelay : d);
    }
}
