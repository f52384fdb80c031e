package dozvon.store.pg;

import dozvon.core.port.CallDetail;
import dozvon.core.port.CallHistory;
import dozvon.core.port.CallSummary;
import dozvon.core.port.LegSummary;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Reads of call history for the HTTP API ({@code GET /api/calls}, {@code GET /api/calls/{id}}). */
public final class PgCallHistory implements CallHistory {

    private final Pool pool;

    public PgCallHistory(Pool pool) {
        this.pool = pool;
    }

    @Override
    public CompletionStage<List<CallSummary>> recent(Instant from, Instant to, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return pool.preparedQuery(CallsSql.RECENT_CALLS)
                .execute(Tuple.of(CallsSql.time(from), CallsSql.time(to), limit))
                .map(rows -> {
                    List<CallSummary> out = new ArrayList<>();
                    rows.forEach(r -> out.add(CallsSql.callSummary(r)));
                    return out;
                })
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Optional<CallDetail>> byId(String callId) {
        Future<RowSet<Row>> call = pool.preparedQuery(CallsSql.CALL_BY_ID).execute(Tuple.of(callId));
        Future<RowSet<Row>> legs = pool.preparedQuery(CallsSql.LEGS_OF_CALL).execute(Tuple.of(callId));
        return Future.all(call, legs).map(v -> {
            RowSet<Row> callRows = call.result();
            if (callRows.size() == 0) {
                return Optional.<CallDetail>empty();
            }
            Row row = callRows.iterator().next();
            List<LegSummary> legSummaries = new ArrayList<>();
            legs.result().forEach(r -> legSummaries.add(CallsSql.legSummary(r)));
            return Optional.of(new CallDetail(CallsSql.callSummary(row), legSummaries, row.getString("trace"),
                    row.getString("tracking")));
        }).toCompletionStage();
    }
}
