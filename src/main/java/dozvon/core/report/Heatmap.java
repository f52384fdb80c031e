package dozvon.core.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * Offered calls per weekday × hour of the group's own clock: rows Monday..Sunday, columns 0..23. Instants are
 * turned into local time one by one through the zone's rules, so a DST switch inside the period puts each call
 * in the hour the group's wall clock showed (a spring-forward hour stays empty, a fall-back hour holds both).
 */
public final class Heatmap {

    private final ZoneId zone;
    private final long[][] counts = new long[7][24];

    public Heatmap(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    public ZoneId zone() { return zone; }

    /** Adds the bucket's calls when they count as offered (see {@link KpiRules#isOffered}). */
    public Heatmap add(ArrivalBucket b) {
        if (KpiRules.isOffered(b.outcome(), b.shortWait())) {
            addArrivals(b.start(), b.calls());
        }
        return this;
    }

    public Heatmap addArrivals(Instant at, long calls) {
        ZonedDateTime local = at.atZone(zone);
        counts[local.getDayOfWeek().getValue() - 1][local.getHour()] += calls;
        return this;
    }

    /** A copy: [weekday 0 = Monday][hour]. */
    public long[][] counts() {
        long[][] out = new long[7][];
        for (int d = 0; d < 7; d++) {
            out[d] = counts[d].clone();
        }
        return out;
    }

    public long total() {
        long sum = 0;
        for (long[] day : counts) {
            for (long c : day) {
                sum += c;
            }
        }
        return sum;
    }

    /**
     * How many hours of each weekday × local hour the period [from, to) holds, counted in quarter hours from
     * {@code from}: dividing a cell's calls by it gives calls per hour of that slot, averaged over the period's
     * weeks. A fall-back night gives its repeated hour two hours of exposure, matching the calls it holds.
     */
    public static double[][] exposureHours(ZoneId zone, Instant from, Instant to) {
        double[][] hours = new double[7][24];
        Duration step = ArrivalBucket.WIDTH;
        for (Instant t = from; t.isBefore(to); t = t.plus(step)) {
            ZonedDateTime local = t.atZone(zone);
            hours[local.getDayOfWeek().getValue() - 1][local.getHour()] += 0.25;
        }
        return hours;
    }
}
