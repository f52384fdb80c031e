package dozvon.edge.sip;

/**
 * Tells a SIP loop that runs behind from one that was only held up once. The loop is probed every 20 ms; each
 * probe reports how late it ran and how long the UDP socket has held datagrams not read yet, whichever is worse.
 *
 * <p>A single late probe is what a garbage-collector pause looks like: everything stopped for a while, then the
 * loop drains what queued up in a few milliseconds. Refusing the INVITEs that queued during it turned callers
 * away from a gateway that had room, and rang nobody sooner. A loop past its capacity is late on probe after
 * probe, its socket never emptied: only that is {@link #behind() behind}.
 *
 * <p>{@link #probe} and {@link #behind} run on the SIP loop.
 */
final class LoopLagWatch {
    /** Probes in a row over the limit before new calls are refused: 60 ms of a loop that cannot catch up. */
    static final int PROBES_IN_A_ROW = 3;

    private final long limitNanos;
    private int overInARow;
    /** Written by the probe on the SIP loop, read by the metrics from any thread. */
    private volatile long recentNanos;

    LoopLagWatch(long limitNanos) {
        this.limitNanos = limitNanos;
    }

    /** One probe's lag. */
    void probe(long lagNanos) {
        overInARow = lagNanos > limitNanos ? overInARow + 1 : 0;
        // the worst recent lag, halving every probe: what the metric shows and the refusal log says
        recentNanos = Math.max(lagNanos, recentNanos / 2);
    }

    /** True while the loop has been over the limit on the last {@link #PROBES_IN_A_ROW} probes. */
    boolean behind() {
        return overInARow >= PROBES_IN_A_ROW;
    }

    /** The worst recent lag, fading by half each probe. */
    long recentNanos() {
        return recentNanos;
    }
}
