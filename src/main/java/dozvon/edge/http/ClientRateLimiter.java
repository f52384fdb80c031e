package dozvon.edge.http;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Requests per minute per client address, for the public endpoints a website calls (no token to tell callers
 * apart). A fixed one-minute window per address: crude, but constant memory per address and no timers. The
 * table is bounded: when full, windows that are over are dropped; if none is, new addresses are refused,
 * which only happens under a flood from that many addresses at once. Used on one event loop at a time
 * (synchronised, since routes may run on several).
 */
final class ClientRateLimiter {

    private static final long WINDOW_MS = 60_000;

    private final int perMinute;
    private final int maxClients;
    private final Clock clock;
    private final Map<String, long[]> windows = new HashMap<>(); // address -> {window start ms, count}

    ClientRateLimiter(int perMinute, int maxClients, Clock clock) {
        this.perMinute = perMinute;
        this.maxClients = maxClients;
        this.clock = clock;
    }

    /** Counts one request of {@code address}; false when it is over its share for this minute. */
    synchronized boolean allow(String address) {
        long now = clock.millis();
        long[] w = windows.get(address);
        if (w == null || now - w[0] >= WINDOW_MS) {
            if (w == null && windows.size() >= maxClients) {
                windows.values().removeIf(x -> now - x[0] >= WINDOW_MS);
                if (windows.size() >= maxClients) {
                    return false;
                }
            }
            windows.put(address, new long[] {now, 1});
            return true;
        }
        if (w[1] >= perMinute) {
            return false;
        }
        w[1]++;
        return true;
    }

    /** Seconds until {@code address} may ask again (for Retry-After). */
    synchronized long retryAfterSeconds(String address) {
        long[] w = windows.get(address);
        if (w == null) {
            return 0;
        }
        return Math.max(1, (w[0] + WINDOW_MS - clock.millis() + 999) / 1000);
    }
}
