package dozvon.core.report;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.util.PriorityQueue;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Erlang X (Erlang A, M/M/n+M) against what the model must reduce to, against a simulation of the queue it
 * describes, and at large traffic.
 */
class ErlangXTest {

    /** Callers of unbounded patience never hang up: the published Erlang C example must come back. */
    @Test
    void withoutAbandonmentItIsErlangC() {
        ErlangX.Performance p = ErlangX.performance(55, 48, 240, 1e12, 15);
        assertThat(p.waitProbability()).isCloseTo(0.2387, within(0.00005)); // Mitan's worked example, see ErlangCTest
        assertThat(p.serviceLevel()).isCloseTo(0.846, within(0.0005));
        assertThat(p.abandonProbability()).isCloseTo(0.0, within(1e-6));
        assertThat(ErlangX.performance(55, 48, 240, Double.POSITIVE_INFINITY, 15).serviceLevel())
                .isEqualTo(ErlangC.serviceLevel(55, 48, 240, 15));
    }

    /**
     * With patience equal to AHT a waiting caller leaves at the rate an agent would free up, so the number of
     * callers in the system is that of M/M/∞: Poisson(A). Then P(wait) = P(Poisson(A) ≥ n), and by Little's
     * law the share abandoning is E[(N − n)⁺]·θ / λ.
     */
    @Test
    void patienceEqualToHandlingTimeIsTheInfiniteServerQueue() {
        double a = 10;
        int n = 12;
        double poissonTail = 0;
        double excess = 0;
        double term = Math.exp(-a);
        for (int k = 0; k < 200; k++) {
            if (k >= n) {
                poissonTail += term;
                excess += (k - n) * term;
            }
            term = term * a / (k + 1);
        }
        ErlangX.Performance p = ErlangX.performance(n, a, 180, 180, 20);
        assertThat(p.waitProbability()).isCloseTo(poissonTail, within(1e-9));
        assertThat(p.abandonProbability()).isCloseTo(excess / a, within(1e-9));
    }

    /** A discrete-event simulation of the same queue (fixed seed, 400 000 callers) agrees within sampling error. */
    @Test
    void agreesWithASimulationOfImpatientCallers() {
        double aht = 180;
        double patience = 60;
        double a = 10;
        int n = 11;
        double[] sim = simulate(a / aht, aht, patience, n, 20, 400_000, 7);
        ErlangX.Performance p = ErlangX.performance(n, a, aht, patience, 20);
        assertThat(p.serviceLevel()).isCloseTo(sim[0], within(0.01));
        assertThat(p.abandonProbability()).isCloseTo(sim[1], within(0.005));
        assertThat(p.waitProbability()).isCloseTo(sim[2], within(0.01));
    }

    @Test
    void largeTrafficIsSolvedWithoutOverflowAndNeedsNoMoreThanErlangC() {
        int x = ErlangX.agentsFor(1000, 180, 300, 0.8, 20);
        int c = ErlangC.agentsFor(1000, 180, 0.8, 20);
        assertThat(x).isPositive().isLessThanOrEqualTo(c);
        assertThat(ErlangX.serviceLevel(x, 1000, 180, 300, 20)).isBetween(0.8, 1.0);
        assertThat(ErlangX.serviceLevel(x - 1, 1000, 180, 300, 20)).isLessThan(0.8);
        ErlangX.Performance huge = ErlangX.performance(5000, 5000, 180, 120, 20);
        assertThat(huge.serviceLevel()).isBetween(0.0, 1.0);
        assertThat(huge.abandonProbability()).isBetween(0.0, 1.0);
    }

    /**
     * Far too few agents: the queue's weights climb past double range before they turn. By flow conservation
     * (answered callers per AHT = busy agents, and one agent is always busy here) 1 agent answers 1 of 1000.
     */
    @Test
    void deepOverloadStaysFiniteAndConservesFlow() {
        ErlangX.Performance p = ErlangX.performance(1, 1000, 180, 300, 20);
        assertThat(p.abandonProbability()).isCloseTo(0.999, within(1e-6));
        assertThat(p.serviceLevel()).isCloseTo(0.0, within(1e-3));
        ErlangX.Performance idle = ErlangX.performance(1000, 0.06, 180, 60, 20); // Erlang B underflows to 0
        assertThat(idle.serviceLevel()).isEqualTo(1.0);
        assertThat(idle.abandonProbability()).isZero();
    }

    @Test
    void noTrafficNeedsNobodyAndNobodyAnswersNothing() {
        assertThat(ErlangX.agentsFor(0, 180, 60, 0.8, 20)).isZero();
        assertThat(ErlangX.performance(0, 2, 180, 60, 20).serviceLevel()).isZero();
    }

    @Property(tries = 60)
    void moreAgentsNeverServeWorse(@ForAll @DoubleRange(min = 0.1, max = 80) double erlangs,
                                   @ForAll @IntRange(min = 1, max = 100) int n,
                                   @ForAll @DoubleRange(min = 10, max = 600) double patience) {
        double fewer = ErlangX.serviceLevel(n, erlangs, 180, patience, 20);
        double more = ErlangX.serviceLevel(n + 1, erlangs, 180, patience, 20);
        assertThat(more).isGreaterThanOrEqualTo(fewer - 1e-9);
        assertThat(fewer).isBetween(0.0, 1.0);
    }

    @Property(tries = 60)
    void morePatientCallersAbandonLess(@ForAll @DoubleRange(min = 0.5, max = 50) double erlangs,
                                       @ForAll @IntRange(min = 1, max = 60) int n,
                                       @ForAll @DoubleRange(min = 10, max = 300) double patience) {
        double impatient = ErlangX.performance(n, erlangs, 180, patience, 20).abandonProbability();
        double patient = ErlangX.performance(n, erlangs, 180, patience * 2, 20).abandonProbability();
        assertThat(patient).isLessThanOrEqualTo(impatient + 1e-9);
    }

    /**
     * FIFO queue with n agents, exponential interarrival, handling and patience. Returns {answered within t /
     * all, abandoned / all, waited / all}.
     */
    static double[] simulate(double lambda, double aht, double patience, int n, double t, int callers, long seed) {
        Random rnd = new Random(seed);
        PriorityQueue<Double> busyUntil = new PriorityQueue<>();
        java.util.ArrayDeque<double[]> queue = new java.util.ArrayDeque<>(); // {arrival, gives up at}
        double clock = 0;
        long inTime = 0;
        long abandoned = 0;
        long waited = 0;
        for (int i = 0; i < callers; i++) {
            clock += exp(rnd, 1 / lambda);
            // serve the queue with every agent that freed up before this arrival
            while (!busyUntil.isEmpty() && busyUntil.peek() <= clock) {
                double free = busyUntil.poll();
                double[] next = null;
                while (!queue.isEmpty()) {
                    double[] head = queue.poll();
                    if (head[1] > free) {
                        next = head;
                        break;
                    }
                    abandoned++;
                }
                if (next != null) {
                    if (free - next[0] <= t) {
                        inTime++;
                    }
                    busyUntil.add(free + exp(rnd, aht));
                }
            }
            if (busyUntil.size() < n) {
                inTime++;
                busyUntil.add(clock + exp(rnd, aht));
            } else {
                waited++;
                queue.add(new double[] {clock, clock + exp(rnd, patience)});
            }
        }
        return new double[] {(double) inTime / callers, (double) abandoned / callers, (double) waited / callers};
    }

    private static double exp(Random rnd, double mean) {
        return -mean * Math.log(1 - rnd.nextDouble());
    }
}
