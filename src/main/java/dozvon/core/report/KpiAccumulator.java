package dozvon.core.report;

import dozvon.core.chain.CallOutcome;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Folds calls one by one into the period's {@link Kpi}: memory grows with agents and sources, never with calls,
 * so a store can stream a month of calls through it. Not thread-safe; one per report.
 */
public final class KpiAccumulator {

    private record SourceKey(String source, String campaign) {}

    private final ReportSettings settings;
    private final Tally total = new Tally();
    private final Map<String, Tally> byAgent = new HashMap<>();
    private final Map<SourceKey, Tally> bySource = new HashMap<>();

    public KpiAccumulator(ReportSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Calls that are not offered (rejected, short abandons) are left out of every figure. */
    public KpiAccumulator add(ReportedCall c) {
        if (!KpiRules.isOffered(c, settings)) {
            return this;
        }
        total.add(c, settings);
        if (c.answeredBy() != null && c.outcome() == CallOutcome.ANSWERED) {
            byAgent.computeIfAbsent(c.answeredBy(), a -> new Tally()).add(c, settings);
        }
        bySource.computeIfAbsent(new SourceKey(c.sourceOrNone(), c.campaignOrNone()), k -> new Tally())
                .add(c, settings);
        return this;
    }

    public Kpi result() {
        List<Kpi.AgentKpi> agents = new ArrayList<>();
        byAgent.forEach((agent, t) -> agents.add(new Kpi.AgentKpi(agent, t.handled, t.talkSum, t.asa(),
                t.aht(settings), t.targetCalls, t.deals, t.dealValue)));
        agents.sort(Comparator.comparingLong(Kpi.AgentKpi::handled).reversed().thenComparing(Kpi.AgentKpi::agent));
        List<Kpi.SourceKpi> sources = new ArrayList<>();
        bySource.forEach((k, t) -> sources.add(new Kpi.SourceKpi(k.source(), k.campaign(), t.offered, t.handled,
                t.abandoned, t.missed, t.car(), t.targetCalls, t.deals, t.dealValue)));
        sources.sort(Comparator.comparingLong(Kpi.SourceKpi::offered).reversed()
                .thenComparing(Kpi.SourceKpi::source).thenComparing(Kpi.SourceKpi::campaign));
        return new Kpi(total.offered, total.handled, total.abandoned, total.missed, total.offHours, total.car(),
                total.lcr(), total.asa(), total.ata(), total.aht(settings), total.sl(), total.targetCalls,
                total.deals, total.dealValue, total.patience(), List.copyOf(agents), List.copyOf(sources));
    }
}
