package dozvon.store.pg;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of call history for the HTTP API ({@code GET /api/calls}, {@code GET /api/calls/{id}}). */
public final class PgCallHistory {

    private final Pool pool;

    public PgCallHistory(Pool pool) {
        this.pool = pool;
    }

    /** Calls that arrived in [from, to), newest first; a null bound is open. */
    public Future<List<CallRow>> recent(Instant from, Instant to, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
        return pool.preparedQuery(CallsSql.RECENT_CALLS)
                .execute(Tuple.of(CallsSql.time(from), CallsSql.time(to), limit))
                .map(rows -> {
                    List<CallRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(CallsSql.callRow(r)));
                    return out;
                });
    }

    /** The call with its legs and trace, or empty if no such call was recorded. */
    public Future<Optional<CallDetails>> byId(String callId) {
        Future<RowSet<Row>> call = pool.preparedQuery(CallsSql.CALL_BY_ID).execute(Tuple.of(callId));
        Future<RowSet<Row>> legs = pool.preparedQuery(CallsSql.LEGS_OF_CALL).execute(Tuple.of(callId));
        return Future.all(call, legs).map(v -> {
            RowSet<Row> callRows = call.result();
            if (callRows.size() == 0) {
                return Optional.empty();
            }
            Row row = callRows.iterator().next();
            List<LegRow> legRows = new ArrayList<>();
            legs.result().forEach(r -> legRows.add(CallsSql.legRow(r)));
            Object trace = row.getValue("trace");
            return Optional.of(new CallDetails(CallsSql.callRow(row), legRows,
                    trace instanceof JsonArray a ? a : new JsonArray()));
        });
    }
}
