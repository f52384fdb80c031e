package dozvon.edge.http;

import dozvon.core.port.CallReports;
import dozvon.core.port.ExportedCall;
import dozvon.core.report.Heatmap;
import dozvon.core.report.Kpi;
import dozvon.core.report.ReportSettings;
import dozvon.core.report.StaffingPlan;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reports for sales heads: {@code GET /api/reports/kpi}, {@code /api/reports/heatmap},
 * {@code /api/reports/staffing} and the CSV export {@code GET /api/calls.csv}. Figures come from core.report;
 * staffing runs on a worker thread (Erlang X for a busy week is milliseconds, but never on an event loop).
 */
public final class ReportsRoutes implements HttpRoutes {

    private static final Logger log = LoggerFactory.getLogger(ReportsRoutes.class);
    /** Rows per export page: under a megabyte of CSV, few round trips for a month of calls. */
    static final int EXPORT_PAGE = 2000;
    static final List<String> CSV_HEADER = List.of("callId", "direction", "arrivedAt", "caller", "dialed", "group",
            "outcome", "finalCode", "reason", "answeredBy", "firstRingAt", "answeredAt", "endedAt", "waitSeconds",
            "talkSeconds", "offHours", "source", "medium", "campaign", "keyword", "category", "value", "note");

    private final CallReports reports;
    private final Map<String, ZoneId> groupZones;
    private final ReportSettings settings;
    private final Clock clock;

    /** @param groupZones every configured group and the zone its hours are kept in (UTC when it has none) */
    public ReportsRoutes(CallReports reports, Map<String, ZoneId> groupZones, ReportSettings settings, Clock clock) {
        this.reports = reports;
        this.groupZones = Map.copyOf(groupZones);
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public void mount(Router router, Handler<RoutingContext> adminAuth) {
        router.get("/api/reports/kpi").handler(adminAuth).handler(this::kpi);
        router.get("/api/reports/heatmap").handler(adminAuth).handler(this::heatmap);
        router.get("/api/reports/staffing").handler(adminAuth).handler(this::staffing);
        router.get("/api/calls.csv").handler(adminAuth).handler(this::csv);
    }

    private void kpi(RoutingContext ctx) {
        ReportQuery q = ReportQuery.parse(ctx, groupZones, false, ReportQuery.Default.TODAY, clock.instant());
        PortCalls.then(ctx, "reports", () -> reports.kpi(q.group(), q.from(), q.to(), settings),
                k -> HttpApi.json(ctx, 200, ReportJson.kpi(q, k).encode()));
    }

    private void heatmap(RoutingContext ctx) {
        ReportQuery q = ReportQuery.parse(ctx, groupZones, true, ReportQuery.Default.FOUR_WEEKS, clock.instant());
        PortCalls.then(ctx, "reports", () -> reports.heatmap(q.group(), q.from(), q.to(), q.zone(), settings),
                map -> HttpApi.json(ctx, 200, ReportJson.heatmap(q, map).encode()));
    }

    private void staffing(RoutingContext ctx) {
        ReportQuery q = ReportQuery.parse(ctx, groupZones, true, ReportQuery.Default.FOUR_WEEKS, clock.instant());
        double target = ReportQuery.fraction(ctx, "serviceLevel", 0.8);
        int seconds = ReportQuery.wholeNumber(ctx, "seconds", ReportSettings.SL_SECONDS, 0, 3600);
        PortCalls.then(ctx, "reports", () -> {
            Future<Kpi> kpi = Future.fromCompletionStage(reports.kpi(q.group(), q.from(), q.to(), settings));
            Future<Heatmap> map = Future.fromCompletionStage(
                    reports.heatmap(q.group(), q.from(), q.to(), q.zone(), settings));
            return Future.all(kpi, map).compose(all -> {
                if (kpi.result().aht() == null) {
                    return Future.succeededFuture(ReportJson.emptyStaffing(q, target, seconds, map.result()));
                }
                return ctx.vertx().executeBlocking(() -> ReportJson.staffing(q, StaffingPlan.of(
                        map.result().counts(), Heatmap.exposureHours(q.zone(), q.from(), q.to()), kpi.result().aht(),
                        kpi.result().patience(), target, seconds), map.result()), false);
            }).toCompletionStage();
        }, json -> HttpApi.json(ctx, 200, json.encode()));
    }

    /**
     * Streams the period's calls page by page: the next page is read only once the client has taken the last
     * one (write queue drained), so a slow download holds one page in memory, not the period. A store failure
     * after the first bytes cannot become a JSON error any more: the connection is reset, so the client sees a
     * broken download rather than a file that silently ends early.
     */
    private void csv(RoutingContext ctx) {
        ReportQuery q = ReportQuery.parse(ctx, groupZones, false, ReportQuery.Default.FOUR_WEEKS, clock.instant());
        // The first page decides between a clean 503 and a started download.
        PortCalls.then(ctx, "call export", () -> reports.exportPage(q.group(), q.from(), q.to(), null, EXPORT_PAGE),
                first -> {
                    HttpServerResponse res = ctx.response()
                            .setChunked(true)
                            .putHeader("Content-Type", "text/csv; charset=utf-8")
                            .putHeader("Content-Disposition", "attachment; filename=\"calls.csv\"");
                    res.write(CsvFormat.line(CSV_HEADER));
                    writePage(ctx, q, first);
                });
    }

    private void writePage(RoutingContext ctx, ReportQuery q, List<ExportedCall> page) {
        HttpServerResponse res = ctx.response();
        if (res.closed()) {
            return; // the client went away: stop reading
        }
        StringBuilder chunk = new StringBuilder(page.size() * 160);
        page.forEach(c -> chunk.append(CsvFormat.line(row(c))));
        res.write(chunk.toString());
        if (page.size() < EXPORT_PAGE) {
            res.end();
            return;
        }
        ExportedCall.Cursor after = page.get(page.size() - 1).cursor();
        Runnable next = () -> Future.fromCompletionStage(
                        reports.exportPage(q.group(), q.from(), q.to(), after, EXPORT_PAGE),
                        ctx.vertx().getOrCreateContext())
                .onSuccess(more -> writePage(ctx, q, more))
                .onFailure(e -> {
                    log.warn("event=export_failed path={} error=\"{}\"", ctx.normalizedPath(), e.toString());
                    res.reset();
                });
        if (res.writeQueueFull()) {
            res.drainHandler(v -> {
                res.drainHandler(null);
                next.run();
            });
        } else {
            next.run();
        }
    }

    private static List<String> row(ExportedCall e) {
        var c = e.call();
        List<String> out = new ArrayList<>(CSV_HEADER.size());
        out.add(c.callId());
        out.add(e.direction());
        out.add(iso(c.arrivedAt()));
        out.add(c.caller());
        out.add(c.dialed());
        out.add(c.group());
        out.add(c.outcome());
        out.add(c.finalCode() == null ? null : c.finalCode().toString());
        out.add(CsvFormat.text(c.reason()));
        out.add(c.answeredBy());
        out.add(iso(c.firstRingAt()));
        out.add(iso(c.answeredAt()));
        out.add(iso(c.endedAt()));
        out.add(c.waitSeconds() == null ? null : c.waitSeconds().toString());
        out.add(c.talkSeconds() == null ? null : c.talkSeconds().toString());
        out.add(Boolean.toString(c.offHours()));
        out.add(CsvFormat.text(e.source()));
        out.add(CsvFormat.text(e.medium()));
        out.add(CsvFormat.text(e.campaign()));
        out.add(CsvFormat.text(e.keyword()));
        out.add(CsvFormat.text(e.category()));
        out.add(CsvFormat.text(e.value()));
        out.add(CsvFormat.text(e.note()));
        return out;
    }

    private static String iso(java.time.Instant t) {
        return t == null ? null : t.toString();
    }
}
