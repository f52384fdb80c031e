package dozvon.core.report;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneId;

import static dozvon.core.chain.CallOutcome.ABANDONED;
import static dozvon.core.chain.CallOutcome.ANSWERED;
import static dozvon.core.chain.CallOutcome.MISSED;
import static dozvon.core.chain.CallOutcome.REJECTED;
import static org.assertj.core.api.Assertions.assertThat;

/** Weekday × hour in the group's zone, Monday first, across both DST switches of Europe/Berlin in 2027. */
class HeatmapTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static ArrivalBucket offered(String utc, long calls) {
        return new ArrivalBucket(Instant.parse(utc), ANSWERED, false, calls);
    }

    @Test
    void callsLandInTheHourTheGroupsWallClockShowedAcrossSpringForward() {
        Heatmap map = new Heatmap(BERLIN)
                // Friday 26 March, still CET (+1): 07:15Z is 08:15 local
                .add(offered("2027-03-26T07:15:00Z", 2))
                // Sunday 28 March: clocks jump 02:00 CET → 03:00 CEST at 01:00Z
                .add(offered("2027-03-28T00:30:00Z", 1))   // 01:30 CET
                .add(offered("2027-03-28T01:30:00Z", 4))   // 03:30 CEST: local hour 2 never happened
                // Monday 29 March, CEST (+2): 07:15Z is 09:15 local
                .add(offered("2027-03-29T07:15:00Z", 3))
                .add(new ArrivalBucket(Instant.parse("2027-03-29T07:15:00Z"), MISSED, false, 5));
        long[][] c = map.counts();
        assertThat(c[4][8]).isEqualTo(2);     // Friday 08
        assertThat(c[6][1]).isEqualTo(1);     // Sunday 01
        assertThat(c[6][2]).isZero();         // Sunday 02 does not exist that night
        assertThat(c[6][3]).isEqualTo(4);     // Sunday 03
        assertThat(c[0][9]).isEqualTo(8);     // Monday 09: 3 answered + 5 missed, both offered
        assertThat(c[0][7]).isZero();         // 07:15Z read as UTC would land here
        assertThat(map.total()).isEqualTo(15);
    }

    @Test
    void theRepeatedHourOfFallBackHoldsBothHoursCalls() {
        // Sunday 31 October 2027: 03:00 CEST → 02:00 CET at 01:00Z
        Heatmap map = new Heatmap(BERLIN)
                .add(offered("2027-10-31T00:30:00Z", 1))  // 02:30 CEST
                .add(offered("2027-10-31T01:30:00Z", 1)); // 02:30 CET
        assertThat(map.counts()[6][2]).isEqualTo(2);
        assertThat(map.counts()[6][1]).isZero();
        assertThat(map.counts()[6][3]).isZero();
    }

    @Test
    void rejectedCallsAndShortAbandonsAreNotOffered() {
        Heatmap map = new Heatmap(BERLIN)
                .add(new ArrivalBucket(Instant.parse("2027-03-01T09:00:00Z"), REJECTED, false, 7))
                .add(new ArrivalBucket(Instant.parse("2027-03-01T09:00:00Z"), ABANDONED, true, 3))
                .add(new ArrivalBucket(Instant.parse("2027-03-01T09:00:00Z"), ABANDONED, false, 2));
        assertThat(map.counts()[0][10]).isEqualTo(2); // Monday 10:00 CET
        assertThat(map.total()).isEqualTo(2);
    }

    @Test
    void quarterHourBucketsPlaceHalfHourZonesRight() {
        // Asia/Kolkata is +05:30: 04:45Z is 10:15 local, 04:15Z is 09:45 local
        Heatmap map = new Heatmap(ZoneId.of("Asia/Kolkata"))
                .add(offered("2027-03-01T04:45:00Z", 1))
                .add(offered("2027-03-01T04:15:00Z", 1));
        assertThat(map.counts()[0][10]).isEqualTo(1);
        assertThat(map.counts()[0][9]).isEqualTo(1);
    }

    @Test
    void exposureCountsTheHoursEachSlotReallyHadInThePeriod() {
        // Monday 22 March 00:00 CET to Monday 29 March 00:00 CEST: one week with the spring-forward night
        double[][] hours = Heatmap.exposureHours(BERLIN, Instant.parse("2027-03-21T23:00:00Z"),
                Instant.parse("2027-03-28T22:00:00Z"));
        assertThat(hours[0][0]).isEqualTo(1.0);
        assertThat(hours[6][2]).isZero();
        assertThat(hours[6][3]).isEqualTo(1.0);
        double sum = 0;
        for (double[] d : hours) {
            for (double h : d) {
                sum += h;
            }
        }
        assertThat(sum).isEqualTo(167.0);
        // the fall-back week: Sunday 02 happened twice
        double[][] autumn = Heatmap.exposureHours(BERLIN, Instant.parse("2027-10-24T22:00:00Z"),
                Instant.parse("2027-10-31T23:00:00Z"));
        assertThat(autumn[6][2]).isEqualTo(2.0);
    }
}
