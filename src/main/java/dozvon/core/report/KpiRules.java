package dozvon.core.report;

import dozvon.core.chain.CallOutcome;

/** The contract's classification of a call, shared by the KPIs, the heatmap and staffing. */
public final class KpiRules {

    private KpiRules() {}

    /** A caller who gave up before {@code shortAbandonSeconds} never really waited for us. */
    public static boolean isShortWait(double waitSeconds, ReportSettings s) {
        return waitSeconds < s.shortAbandonSeconds();
    }

    /**
     * Offered = inbound calls less rejected ones and less abandons faster than the short-abandon threshold.
     * Off-hours calls are offered: the caller wanted us, and CAR should say we were not there.
     *
     * @param shortWait the call's wait was shorter than the short-abandon threshold ({@link #isShortWait})
     */
    public static boolean isOffered(CallOutcome outcome, boolean shortWait) {
        if (outcome == CallOutcome.REJECTED) {
            return false;
        }
        return !(outcome == CallOutcome.ABANDONED && shortWait);
    }

    public static boolean isOffered(ReportedCall c, ReportSettings s) {
        return isOffered(c.outcome(), isShortWait(c.waitSeconds(), s));
    }

    public static boolean isTarget(ReportedCall c, ReportSettings s) {
        return c.outcome() == CallOutcome.ANSWERED && c.talkSeconds() >= s.targetCallSeconds();
    }

    public static boolean answeredWithinServiceLevel(ReportedCall c, ReportSettings s) {
        return c.outcome() == CallOutcome.ANSWERED && c.waitSeconds() <= s.serviceLevelSeconds();
    }
}
