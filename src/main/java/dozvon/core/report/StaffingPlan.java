package dozvon.core.report;

import java.util.HashMap;
import java.util.Map;

/**
 * Agents needed per weekday × local hour, by Erlang C and by Erlang X, from a heatmap of offered calls.
 * A slot's traffic is its calls divided by the hours of that slot the period held (so calls per hour, averaged
 * over the period's weeks) times AHT.
 *
 * @param erlangs   [weekday 0 = Monday][hour] offered traffic
 * @param erlangC   agents by Erlang C (callers wait forever)
 * @param erlangX   agents by Erlang X (callers hang up after the estimated patience); equal to Erlang C when no
 *                  caller abandoned in the period
 */
public record StaffingPlan(double[][] erlangs, int[][] erlangC, int[][] erlangX, double ahtSeconds,
                           Double patienceSeconds, double target, int withinSeconds) {

    /**
     * @param patienceSeconds null when nobody abandoned (Erlang X then equals Erlang C)
     */
    public static StaffingPlan of(long[][] calls, double[][] exposureHours, double ahtSeconds, Double patienceSeconds,
                                  double target, int withinSeconds) {
        if (!(ahtSeconds > 0)) {
            throw new IllegalArgumentException("AHT must be positive");
        }
        ErlangC.checkTarget(target);
        double patience = patienceSeconds == null ? Double.POSITIVE_INFINITY : patienceSeconds;
        double[][] traffic = new double[7][24];
        int[][] byC = new int[7][24];
        int[][] byX = new int[7][24];
        // Many slots share a traffic value (quiet nights, repeated weeks): solve each value once.
        Map<Double, int[]> solved = new HashMap<>();
        for (int d = 0; d < 7; d++) {
            for (int h = 0; h < 24; h++) {
                double exposure = exposureHours[d][h];
                double a = exposure <= 0 ? 0 : calls[d][h] / exposure * ahtSeconds / 3600.0;
                traffic[d][h] = a;
                int[] agents = solved.computeIfAbsent(a, x -> new int[] {
                        ErlangC.agentsFor(x, ahtSeconds, target, withinSeconds),
                        ErlangX.agentsFor(x, ahtSeconds, patience, target, withinSeconds)});
                byC[d][h] = agents[0];
                byX[d][h] = agents[1];
            }
        }
        return new StaffingPlan(traffic, byC, byX, ahtSeconds, patienceSeconds, target, withinSeconds);
    }
}
