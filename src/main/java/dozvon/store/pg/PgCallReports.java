package dozvon.store.pg;

import dozvon.core.chain.CallOutcome;
import dozvon.core.port.CallReports;
import dozvon.core.port.ExportedCall;
import dozvon.core.report.ArrivalBucket;
import dozvon.core.report.Heatmap;
import dozvon.core.report.Kpi;
import dozvon.core.report.KpiAccumulator;
import dozvon.core.report.ReportSettings;
import dozvon.core.report.ReportedCall;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowStream;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The reports' reads in Postgres: calls streamed into the core's KPI fold, arrivals aggregated for the heatmap. */
public final class PgCallReports implements CallReports {

    /** Rows fetched per cursor round trip: few round trips, little memory. */
    private static final int FETCH = 2000;

    private final Pool pool;

    public PgCallReports(Pool pool) {
        this.pool = pool;
    }

    @Override
    public CompletionStage<Kpi> kpi(String group, Instant from, Instant to, ReportSettings settings) {
        Tuple args = Tuple.of(CallsSql.time(from), CallsSql.time(to), group);
        // A cursor needs a transaction; read-only work, so it commits nothing.
        // A cursor is planned for its first rows by default (a nested loop over the legs); a report reads them
        // all, so plan for the whole result (a hashed scan of the legs, several times faster on a month).
        return pool.withTransaction(conn -> conn.query("SET LOCAL cursor_tuple_fraction = 1.0").execute()
                .compose(set -> conn.prepare(ReportsSql.KPI_CALLS)).compose(ps -> {
            KpiAccumulator acc = new KpiAccumulator(settings);
            Promise<Kpi> done = Promise.promise();
            RowStream<Row> stream = ps.createStream(FETCH, args);
            stream.exceptionHandler(done::tryFail);
            stream.endHandler(v -> done.tryComplete(acc.result()));
            stream.handler(row -> {
                try {
                    acc.add(reportedCall(row));
                } catch (RuntimeException e) {
                    stream.close();
                    done.tryFail(e);
                }
            });
            return done.future();
        })).toCompletionStage();
    }

    @Override
    public CompletionStage<Heatmap> heatmap(String group, Instant from, Instant to, ZoneId zone,
                                            ReportSettings settings) {
        return pool.preparedQuery(ReportsSql.ARRIVALS)
                .execute(Tuple.of(CallsSql.time(from), CallsSql.time(to), group, settings.shortAbandonSeconds()))
                .map(rows -> {
                    Heatmap map = new Heatmap(zone);
                    rows.forEach(r -> map.add(new ArrivalBucket(r.getOffsetDateTime("bucket").toInstant(),
                            outcome(r.getString("outcome")), r.getBoolean("short_wait"), r.getLong("calls"))));
                    return map;
                })
                .toCompletionStage();
    }

    @Override
    public CompletionStage<List<ExportedCall>> exportPage(String group, Instant from, Instant to,
                                                          ExportedCall.Cursor after, int limit) {
        Tuple args = Tuple.tuple()
                .addValue(CallsSql.time(from))
                .addValue(CallsSql.time(to))
                .addValue(group)
                .addValue(after == null ? null : CallsSql.time(after.arrivedAt()))
                .addValue(after == null ? null : after.callId())
                .addValue(limit);
        return pool.preparedQuery(ReportsSql.EXPORT_PAGE).execute(args).map(rows -> {
            List<ExportedCall> out = new ArrayList<>(rows.size());
            rows.forEach(r -> out.add(new ExportedCall(CallsSql.callSummary(r), r.getString("direction"),
                    r.getString("source"), r.getString("medium"), r.getString("campaign"), r.getString("keyword"),
                    r.getString("category"), r.getString("deal_value"), r.getString("note"))));
            return out;
        }).toCompletionStage();
    }

    private static ReportedCall reportedCall(Row r) {
        OffsetDateTime arrived = r.getOffsetDateTime("arrived_at");
        return new ReportedCall(arrived.toInstant(), outcome(r.getString("outcome")), r.getDouble("wait"),
                r.getDouble("talk"), r.getString("answered_by"), r.getBoolean("rang_agent"), r.getString("source"),
                r.getString("campaign"), r.getString("deal_value"));
    }

    /** The column has a CHECK constraint on the wire names: anything else is a schema this build does not know. */
    private static CallOutcome outcome(String wire) {
        return CallOutcome.fromWire(wire)
                .orElseThrow(() -> new IllegalStateException("unknown calls.outcome '" + wire + "'"));
    }

}
