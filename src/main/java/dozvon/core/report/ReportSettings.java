package dozvon.core.report;

/**
 * The thresholds the contract's KPI definitions refer to.
 *
 * @param shortAbandonSeconds   callers hanging up faster than this are not offered calls (mis-dials, second
 *                              thoughts): they would make every queue look worse than it is
 * @param targetCallSeconds     answered calls whose talk reaches this are "target" calls
 * @param wrapUpSeconds         after-call work added to talk for AHT: the agent is not free before it ends
 * @param serviceLevelSeconds   the "20" of SL20: answered within this many seconds of arrival
 */
public record ReportSettings(int shortAbandonSeconds, int targetCallSeconds, int wrapUpSeconds,
                             int serviceLevelSeconds) {

    public static final int SL_SECONDS = 20;

    public ReportSettings {
        if (shortAbandonSeconds < 0 || targetCallSeconds < 0 || wrapUpSeconds < 0 || serviceLevelSeconds < 0) {
            throw new IllegalArgumentException("report thresholds must not be negative");
        }
    }

    public static ReportSettings of(int shortAbandonSeconds, int targetCallSeconds, int wrapUpSeconds) {
        return new ReportSettings(shortAbandonSeconds, targetCallSeconds, wrapUpSeconds, SL_SECONDS);
    }
}
