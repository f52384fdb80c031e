package dozvon.core.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Traffic per slot from a heatmap and its exposure, and agents by both models. */
class StaffingPlanTest {

    @Test
    void slotTrafficIsCallsPerHourOfThatSlotTimesAht() {
        long[][] calls = new long[7][24];
        double[][] exposure = new double[7][24];
        for (double[] day : exposure) {
            java.util.Arrays.fill(day, 4.0); // four weeks
        }
        calls[0][10] = 4 * 720;  // Monday 10:00: 720 calls an hour each week (Mitan's 360 per half hour)
        calls[2][15] = 4 * 200;  // Wednesday 15:00: 200 an hour
        exposure[6][2] = 0;      // a slot the period never had (a spring-forward hour) gets no traffic
        calls[6][2] = 0;
        StaffingPlan plan = StaffingPlan.of(calls, exposure, 240, 90.0, 0.8, 20);
        assertThat(plan.erlangs()[0][10]).isEqualTo(48.0);
        assertThat(plan.erlangC()[0][10]).isEqualTo(54); // see ErlangCTest: first n reaching 80/20 at 48 E
        assertThat(plan.erlangX()[0][10]).isEqualTo(ErlangX.agentsFor(48, 240, 90, 0.8, 20))
                .isLessThanOrEqualTo(54);
        assertThat(plan.erlangs()[2][15]).isCloseTo(200 * 240 / 3600.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(plan.erlangC()[2][15]).isEqualTo(ErlangC.agentsFor(200 * 240 / 3600.0, 240, 0.8, 20));
        assertThat(plan.erlangC()[1][3]).isZero();
        assertThat(plan.erlangX()[6][2]).isZero();
    }

    @Test
    void withoutAbandonmentsErlangXEqualsErlangC() {
        long[][] calls = new long[7][24];
        double[][] exposure = new double[7][24];
        for (double[] day : exposure) {
            java.util.Arrays.fill(day, 1.0);
        }
        calls[4][9] = 90;
        StaffingPlan plan = StaffingPlan.of(calls, exposure, 200, null, 0.9, 30);
        assertThat(plan.erlangX()[4][9]).isEqualTo(plan.erlangC()[4][9]).isPositive();
    }
}
