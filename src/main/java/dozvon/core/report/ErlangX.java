package dozvon.core.report;

import java.util.Arrays;

/**
 * Erlang X as staffing tools name the model with abandonment: Erlang A, the M/M/n+M queue (Poisson arrivals,
 * exponential handling, callers who hang up after an exponential patience). Callers who give up shorten the
 * queue for the rest, so Erlang C over-staffs a floor whose callers do not wait forever.
 *
 * <p>The service level is the share of all callers answered within the target wait; a caller who hangs up
 * first counts as a failure, as in our own SL20 (answered within 20 s / offered). Exact, not a diffusion
 * approximation: the stationary queue comes from the birth–death chain (head through Erlang B, tail by its
 * ratios, so no factorials), and a queued caller's chance of being answered within t is a first-passage
 * probability of the pure-death chain "callers ahead of me", computed by uniformisation (sums of positive
 * terms only, hence stable).
 */
public final class ErlangX {

    /** A tail longer than this means the queue has no practical steady state at these agents: SL 0. */
    private static final int MAX_TAIL = 5_000_000;
    private static final double NEGLIGIBLE = 1e-16;
    private static final double RESCALE_ABOVE = 1e250;
    private static final double RESCALE_BY = 1e-250;

    private ErlangX() {}

    /** @param abandonProbability share of callers who hang up before an agent answers */
    public record Performance(double waitProbability, double abandonProbability, double serviceLevel) {}

    /**
     * @param erlangs         offered traffic, arrival rate × AHT
     * @param patienceSeconds mean patience; infinite means nobody hangs up (then this is Erlang C)
     */
    public static Performance performance(int n, double erlangs, double ahtSeconds, double patienceSeconds,
                                          double withinSeconds) {
        ErlangC.checkTraffic(erlangs);
        if (n < 0 || !(ahtSeconds > 0) || !(patienceSeconds > 0) || !(withinSeconds >= 0)) {
            throw new IllegalArgumentException("n ≥ 0, AHT > 0, patience > 0 and t ≥ 0 are required");
        }
        if (erlangs == 0) {
            return new Performance(0, 0, 1);
        }
        if (Double.isInfinite(patienceSeconds)) {
            double c = ErlangC.waitProbability(n, erlangs);
            return new Performance(c, 0, ErlangC.serviceLevel(n, erlangs, ahtSeconds, withinSeconds));
        }
        if (n == 0) {
            return new Performance(1, 1, 0);
        }
        // Time in units of AHT: service rate 1, arrival rate = erlangs, abandonment rate theta per waiting caller.
        double theta = ahtSeconds / patienceSeconds;
        double t = withinSeconds / ahtSeconds;
        double head = 1 / ErlangC.erlangB(n, erlangs) - 1; // Σ_{k<n} π_k / π_n: a free agent on arrival
        if (Double.isInfinite(head)) {
            return new Performance(0, 0, 1); // so many agents that waiting is below double precision
        }

        // Tail q_j = π_{n+j}/π_n: j callers already queued when one arrives. Summed to convergence; kept as an
        // array only as far as a caller that deep could still be answered within t.
        double[] q = new double[64];
        q[0] = 1;
        int keep = isTooDeep(0, n, theta, t) ? 0 : -1; // -1: still keeping stages
        double tailSum = 1;
        double reach = n / (n + theta); // P(answered eventually | j ahead), for j = 0 so far
        double servedSum = reach;
        double qj = 1;
        int j = 0;
        while (true) {
            j++;
            qj = qj * erlangs / (n + j * theta);
            reach = reach * (n + j * theta) / (n + (j + 1) * theta);
            tailSum += qj;
            servedSum += qj * reach;
            if (qj > RESCALE_ABOVE) {
                // Far more agents needed than given: the tail climbs past double range before it turns.
                // Only ratios matter, so scale every weight down alike (the head may vanish: it is negligible).
                qj *= RESCALE_BY;
                tailSum *= RESCALE_BY;
                servedSum *= RESCALE_BY;
                head *= RESCALE_BY;
                int stored = keep < 0 ? j - 1 : keep;
                for (int i = 0; i <= stored; i++) {
                    q[i] *= RESCALE_BY;
                }
            }
            if (keep < 0) {
                if (j == q.length) {
                    q = Arrays.copyOf(q, q.length * 2);
                }
                q[j] = qj;
                if (isTooDeep(j, n, theta, t)) {
                    keep = j;
                }
            }
            if (erlangs < n + j * theta && qj < NEGLIGIBLE * tailSum) {
                break;
            }
            if (j >= MAX_TAIL) {
                return new Performance(1, 1, 0);
            }
        }
        int stages = keep < 0 ? j : keep;
        double z = head + tailSum;
        double[] v = new double[stages + 1];
        for (int i = 0; i <= stages; i++) {
            v[i] = q[i] / z;
        }
        double answeredInTime = head / z + queuedAnsweredWithin(v, n, theta, t);
        double answered = (head + servedSum) / z;
        return new Performance(tailSum / z, clamp(1 - answered), clamp(answeredInTime));
    }

    public static double serviceLevel(int n, double erlangs, double ahtSeconds, double patienceSeconds,
                                      double withinSeconds) {
        return performance(n, erlangs, ahtSeconds, patienceSeconds, withinSeconds).serviceLevel();
    }

    /** The fewest agents whose service level reaches {@code target} (0 for no traffic). */
    public static int agentsFor(double erlangs, double ahtSeconds, double patienceSeconds, double target,
                                double withinSeconds) {
        ErlangC.checkTraffic(erlangs);
        ErlangC.checkTarget(target);
        if (erlangs == 0) {
            return 0;
        }
        int lo = 0; // SL(lo) < target
        int hi = 1;
        while (serviceLevel(hi, erlangs, ahtSeconds, patienceSeconds, withinSeconds) < target) {
            lo = hi;
            if (hi > 10_000_000) {
                throw new IllegalArgumentException("no staffing reaches the target for " + erlangs + " Erlangs");
            }
            hi *= 2;
        }
        while (hi - lo > 1) { // the service level only grows with agents
            int mid = lo + (hi - lo) / 2;
            if (serviceLevel(mid, erlangs, ahtSeconds, patienceSeconds, withinSeconds) >= target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /**
     * A caller with j ahead needs j+1 moves of the queue within t; moves come at most at rate
     * Λ = n + (j+1)θ, so once j+1 lies far past the Poisson(Λt) bulk the chance is below 1e-20 and deeper
     * stages add nothing to the service level (they still count in the normalisation).
     */
    private static boolean isTooDeep(int j, int n, double theta, double t) {
        double lt = (n + (j + 1) * theta) * t;
        return j + 1 > lt + 10 * Math.sqrt(lt) + 30;
    }

    /**
     * P(answered within t) for callers spread over stages (v[i]: arrived with i ahead). From stage i the caller
     * moves up at rate n + iθ (an agent frees, or someone ahead hangs up), hangs up at rate θ, and from stage 0 an
     * agent answers at rate n. Uniformised at the largest total rate, the chance of being answered within k
     * jumps is mixed over the Poisson number of jumps by t.
     */
    private static double queuedAnsweredWithin(double[] v, int n, double theta, double t) {
        int stages = v.length - 1;
        double lambda = n + (stages + 1) * theta;
        double lt = lambda * t;
        int kMax = (int) Math.ceil(lt + 10 * Math.sqrt(lt) + 30);
        double[] weights = poisson(lt, kMax);
        double[] cur = v.clone();
        double[] next = new double[cur.length];
        double served = 0;
        double result = weights[0] * served;
        for (int k = 1; k <= kMax; k++) {
            served += cur[0] * n / lambda;
            for (int i = 0; i <= stages; i++) {
                double stay = cur[i] * (1 - (n + (i + 1) * theta) / lambda);
                double fromBehind = i < stages ? cur[i + 1] * (n + (i + 1) * theta) / lambda : 0;
                next[i] = stay + fromBehind;
            }
            double[] swap = cur;
            cur = next;
            next = swap;
            result += weights[k] * served;
        }
        return result;
    }

    /** Poisson(mean) probabilities for 0..kMax, built outward from the mode so large means never underflow. */
    static double[] poisson(double mean, int kMax) {
        double[] w = new double[kMax + 1];
        if (mean == 0) {
            w[0] = 1;
            return w;
        }
        int mode = (int) Math.min(kMax, Math.floor(mean));
        w[mode] = 1;
        for (int k = mode; k > 0; k--) {
            w[k - 1] = w[k] * k / mean;
        }
        for (int k = mode; k < kMax; k++) {
            w[k + 1] = w[k] * mean / (k + 1);
        }
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        for (int k = 0; k <= kMax; k++) {
            w[k] /= sum;
        }
        return w;
    }

    private static double clamp(double p) {
        return Math.max(0, Math.min(1, p));
    }
}
