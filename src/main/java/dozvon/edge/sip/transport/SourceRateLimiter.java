package dozvon.edge.sip.transport;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A token bucket per source address, checked before a packet is even parsed, so that a flood or a scanner
 * spends its own budget and not the trunks'. Trusted sources (trunks) are not limited here. Not
 * thread-safe: used from the SIP event loop only.
 */
public final class SourceRateLimiter {

    private static final int MAX_SOURCES = 100_000;

    private final double perSecond;
    private final double burst;
    private final Map<InetAddress, Bucket> buckets = new HashMap<>();

    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    public SourceRateLimiter(double perSecond, double burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** @return true when the packet may be processed */
    public boolean tryAcquire(InetAddress source, long nowNanos) {
        Bucket b = buckets.get(source);
        if (b == null) {
            if (buckets.size() >= MAX_SOURCES) {
                evictIdle(nowNanos);
                if (buckets.size() >= MAX_SOURCES) {
                    return false; // a spoofed-source flood: refuse new sources rather than grow without bound
                }
            }
            b = new Bucket();
            b.tokens = burst;
            b.lastNanos = nowNanos;
            buckets.put(source, b);
        }
        double elapsed = (nowNanos - b.lastNanos) / 1e9;
        b.tokens = Math.min(burst, b.tokens + elapsed * perSecond);
        b.lastNanos = nowNanos;
        if (b.tokens >= 1) {
            b.tokens -= 1;
            return true;
        }
        return false;
    }

    /** Drops buckets that have refilled completely: they carry no information. */
    public void evictIdle(long nowNanos) {
        double refill = burst / perSecond;
        for (Iterator<Bucket> it = buckets.values().iterator(); it.hasNext(); ) {
            Bucket b = it.next();
            if ((nowNanos - b.lastNanos) / 1e9 >= refill) {
                it.remove();
            }
        }
    }

    int trackedSources() {
        return buckets.size();
    }
}
