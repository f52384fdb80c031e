package dozvon.core.report;

/**
 * Erlang C (M/M/n: Poisson arrivals, exponential handling, callers who wait forever). Computed through the
 * Erlang B recursion B(k) = A·B(k−1) / (k + A·B(k−1)), which stays within [0, 1] at every step: no factorials or
 * powers, so thousands of Erlangs and agents are as exact as ten.
 */
public final class ErlangC {

    private ErlangC() {}

    /** Erlang B: the blocking probability of n lines offered {@code erlangs} of traffic. */
    public static double erlangB(int n, double erlangs) {
        checkTraffic(erlangs);
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative");
        }
        double b = 1.0;
        for (int k = 1; k <= n; k++) {
            b = erlangs * b / (k + erlangs * b);
        }
        return b;
    }

    /** The probability that a caller waits at all; 1 when n ≤ A (the queue grows without bound). */
    public static double waitProbability(int n, double erlangs) {
        checkTraffic(erlangs);
        if (erlangs == 0) {
            return 0;
        }
        if (n <= erlangs) {
            return 1;
        }
        double b = erlangB(n, erlangs);
        return n * b / (n - erlangs * (1 - b));
    }

    /** P(wait ≤ t) = 1 − C·e^{−(n−A)·t/AHT}; 0 when n ≤ A. */
    public static double serviceLevel(int n, double erlangs, double ahtSeconds, double withinSeconds) {
        if (erlangs == 0) {
            return 1;
        }
        if (n <= erlangs) {
            return 0;
        }
        return 1 - waitProbability(n, erlangs) * Math.exp(-(n - erlangs) * withinSeconds / ahtSeconds);
    }

    /** Average speed of answer over all callers, in seconds; infinite when n ≤ A. */
    public static double asa(int n, double erlangs, double ahtSeconds) {
        if (n <= erlangs) {
            return Double.POSITIVE_INFINITY;
        }
        return waitProbability(n, erlangs) * ahtSeconds / (n - erlangs);
    }

    /** The fewest agents whose service level reaches {@code target} (0 for no traffic). */
    public static int agentsFor(double erlangs, double ahtSeconds, double target, double withinSeconds) {
        checkTraffic(erlangs);
        checkTarget(target);
        if (erlangs == 0) {
            return 0;
        }
        int n = (int) Math.floor(erlangs) + 1;
        while (serviceLevel(n, erlangs, ahtSeconds, withinSeconds) < target) {
            n++;
        }
        return n;
    }

    static void checkTraffic(double erlangs) {
        if (!(erlangs >= 0) || Double.isInfinite(erlangs)) {
            throw new IllegalArgumentException("traffic must be a finite, non-negative number of Erlangs");
        }
    }

    static void checkTarget(double target) {
        if (!(target > 0 && target < 1)) {
            throw new IllegalArgumentException("service level target must be between 0 and 1 (exclusive)");
        }
    }
}
