package dozvon.edge.ws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code freeFailures} failed logins for an agent id or from an address,
 * further attempts are refused (429) for a delay that doubles with every failure, up to {@code maxDelay}.
 * A success clears the agent's count. Failures are forgotten after {@code forgetAfter} without one.
 * Per replica: a guesser spread over N replicas gets N times the attempts, still only a handful a minute.
 */
final class LoginThrottle {

    private record Failures(int count, Instant last, Instant blockedUntil) {}

    private final int freeFailures;
    private final Duration maxDelay;
    private final Duration forgetAfter;
    private final Clock clock;
    private final Map<String, Failures> byKey = new ConcurrentHashMap<>();

    LoginThrottle(int freeFailures, Duration maxDelay, Duration forgetAfter, Clock clock) {
        this.freeFailures = freeFailures;
        this.maxDelay = maxDelay;
        this.forgetAfter = forgetAfter;
        this.clock = clock;
    }

    /** One agent id: 5 free failures, then 1 s, 2 s, 4 s … up to 15 min. */
    static LoginThrottle perAgent() {
        return new LoginThrottle(5, Duration.ofMinutes(15), Duration.ofHours(1), Clock.systemUTC());
    }

    /** One address (a sales floor shares one NAT address, so more room): 30 free failures. */
    static LoginThrottle perAddress() {
        return new LoginThrottle(30, Duration.ofMinutes(15), Duration.ofHours(1), Clock.systemUTC());
    }

    /** How long the caller must still wait, if any of the keys is blocked. */
    Optional<Duration> blocked(String... keys) {
        Instant now = clock.instant();
        Duration longest = null;
        for (String k : keys) {
            Failures f = byKey.get(k);
            if (f != null && f.blockedUntil() != null && now.isBefore(f.blockedUntil())) {
                Duration left = Duration.between(now, f.blockedUntil());
                longest = longest == null || left.compareTo(longest) > 0 ? left : longest;
            }
        }
        return Optional.ofNullable(longest);
    }

    void failed(String... keys) {
        Instant now = clock.instant();
        if (byKey.size() > 100_000) {
            byKey.entrySet().removeIf(e -> e.getValue().last().plus(forgetAfter).isBefore(now));
        }
        for (String k : keys) {
            byKey.compute(k, (key, f) -> {
                int count = f == null || f.last().plus(forgetAfter).isBefore(now) ? 1 : f.count() + 1;
                Instant until = null;
                if (count >= freeFailures) {
                    long seconds = 1L << Math.min(20, count - freeFailures);
                    until = now.plus(Duration.ofSeconds(seconds).compareTo(maxDelay) > 0 ? maxDelay
                            : Duration.ofSeconds(seconds));
                }
                return new Failures(count, now, until);
            });
        }
    }

    void succeeded(String key) {
        byKey.remove(key);
    }
}
