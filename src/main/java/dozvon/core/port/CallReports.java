package dozvon.core.port;

import dozvon.core.report.Heatmap;
import dozvon.core.report.Kpi;
import dozvon.core.report.ReportSettings;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Reads behind the reports (Postgres in production). The store only gathers facts about calls; every figure is
 * computed by {@code core.report}, so KPIs mean the same whatever store feeds them. Only inbound calls count
 * in KPIs and heatmaps (the auto-dialer's outbound calls are not offered traffic).
 */
public interface CallReports {

    /** KPIs of inbound calls that arrived in [from, to); {@code group} null means every group. */
    CompletionStage<Kpi> kpi(String group, Instant from, Instant to, ReportSettings settings);

    /** Offered inbound calls of a group per weekday × hour of {@code zone}, arrivals in [from, to). */
    CompletionStage<Heatmap> heatmap(String group, Instant from, Instant to, ZoneId zone, ReportSettings settings);

    /**
     * One page of calls (both directions) for an export, oldest first: arrivals in [from, to) after the
     * {@code after} cursor (null: from the start), at most {@code limit}. An export reads page after page, so
     * neither side ever holds a whole period in memory.
     */
    CompletionStage<List<ExportedCall>> exportPage(String group, Instant from, Instant to, ExportedCall.Cursor after,
                                                   int limit);
}
