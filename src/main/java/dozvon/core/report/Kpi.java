package dozvon.core.report;

import java.math.BigDecimal;
import java.util.List;

/**
 * The contract's KPIs for one period and group. Times in seconds, rates 0..1; a figure without a denominator
 * (no offered call, nothing answered) is null, not 0: "no data" and "all lost" must look different.
 *
 * @param offHours   offered calls that came outside working hours and nobody answered (neither handled,
 *                   abandoned nor missed)
 * @param dealValue  sum of the parseable deal values agents recorded ({@link DealValue}); {@code deals} of them
 * @param patience   mean caller patience in seconds estimated from abandonments (null: none abandoned)
 */
public record Kpi(long offered, long handled, long abandoned, long missed, long offHours,
                  Double car, Double lcr, Double asa, Double ata, Double aht, Double sl20,
                  long targetCalls, long deals, BigDecimal dealValue, Double patience,
                  List<AgentKpi> perAgent, List<SourceKpi> perSource) {

    /** Figures of the calls one agent talked on. */
    public record AgentKpi(String agent, long handled, double talkSeconds, Double asa, Double aht,
                           long targetCalls, long deals, BigDecimal dealValue) {}

    /** Figures of the calls one source and campaign brought ("(none)" when untracked). */
    public record SourceKpi(String source, String campaign, long offered, long handled, long abandoned, long missed,
                            Double car, long targetCalls, long deals, BigDecimal dealValue) {}
}
