package dozvon.edge.sip.transaction;

import java.time.Duration;
import java.util.Objects;

/**
 * The timer base values of RFC 3261 §17.1.1.1 and Table 4, and the timers derived from them.
 * Letters follow the RFC; L and M come from RFC 6026 §8.
 *
 * @param t1 round-trip estimate, 500 ms by default
 * @param t2 cap on non-INVITE request and INVITE response retransmit intervals, 4 s by default
 * @param t4 longest time a message stays in the network, 5 s by default
 * @param timerC proxy INVITE timer (§16.6 step 11, more than 3 minutes); null turns it off
 */
public record TransactionTimers(Duration t1, Duration t2, Duration t4, Duration timerC) {

    public static final TransactionTimers DEFAULT =
            new TransactionTimers(Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(5), null);

    /** Table 4: Timer D is "at least 32 s" on unreliable transports. */
    private static final Duration MIN_TIMER_D = Duration.ofSeconds(32);

    public TransactionTimers {
        Objects.requireNonNull(t1, "t1");
        Objects.requireNonNull(t2, "t2");
        Objects.requireNonNull(t4, "t4");
        if (t1.isNegative() || t1.isZero() || t2.compareTo(t1) < 0 || t4.isNegative() || t4.isZero()) {
            throw new IllegalArgumentException("need 0 < T1 <= T2 and T4 > 0: " + t1 + ", " + t2 + ", " + t4);
        }
        if (timerC != null && (timerC.isNegative() || timerC.isZero())) {
            throw new IllegalArgumentException("Timer C must be positive: " + timerC);
        }
    }

    public TransactionTimers withTimerC(Duration c) {
        return new TransactionTimers(t1, t2, t4, c);
    }

    /** 64*T1: the lifetime of a transaction that gets no answer (Timers B, F, H, and J on UDP). */
    public Duration sixtyFourT1() {
        return Duration.ofNanos(t1.toNanos() * 64); // multipliedBy goes through BigDecimal, on every transaction
    }

    /** INVITE request retransmit, first interval (doubles each time, §17.1.1.2). */
    public Duration timerA() {
        return t1;
    }

    /** INVITE transaction timeout (§17.1.1.2). */
    public Duration timerB() {
        return sixtyFourT1();
    }

    /** Wait for response retransmissions after a non-2xx final (§17.1.1.2). */
    public Duration timerD(boolean reliable) {
        if (reliable) {
            return Duration.ZERO;
        }
        Duration d = sixtyFourT1();
        return d.compareTo(MIN_TIMER_D) < 0 ? MIN_TIMER_D : d;
    }

    /** Non-INVITE request retransmit, first interval (doubles up to T2, §17.1.2.2). */
    public Duration timerE() {
        return t1;
    }

    /** Non-INVITE transaction timeout (§17.1.2.2). */
    public Duration timerF() {
        return sixtyFourT1();
    }

    /** INVITE non-2xx final response retransmit, first interval (doubles up to T2, §17.2.1). */
    public Duration timerG() {
        return t1;
    }

    /** Wait for the ACK to a non-2xx final (§17.2.1). */
    public Duration timerH() {
        return sixtyFourT1();
    }

    /** Absorb ACK retransmissions in Confirmed (§17.2.1). */
    public Duration timerI(boolean reliable) {
        return reliable ? Duration.ZERO : t4;
    }

    /** Absorb non-INVITE request retransmissions in Completed (§17.2.2). */
    public Duration timerJ(boolean reliable) {
        return reliable ? Duration.ZERO : sixtyFourT1();
    }

    /** Absorb non-INVITE response retransmissions in Completed (§17.1.2.2). */
    public Duration timerK(boolean reliable) {
        return reliable ? Duration.ZERO : t4;
    }

    /** INVITE server: stay in Accepted to absorb INVITE retransmissions after a 2xx (RFC 6026 §8.7). */
    public Duration timerL() {
        return sixtyFourT1();
    }

    /** INVITE client: stay in Accepted to pass 2xx retransmissions and forks up (RFC 6026 §8.4). */
    public Duration timerM() {
        return sixtyFourT1();
    }
}
