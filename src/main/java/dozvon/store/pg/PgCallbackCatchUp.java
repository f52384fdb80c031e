package dozvon.store.pg;

import dozvon.core.chain.CallRecord;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which ended calls still await their callback work ({@code calls.callbacks_done}): a record is written first and
 * its callback task opened, merged or closed after it, so a replica that stops in between leaves the flag unset.
 */
public final class PgCallbackCatchUp {

    /** A call whose callback work has not run; {@code answeredLater}: the caller was answered on a later call. */
    public record Pending(CallRecord call, boolean answeredLater) {}

    private final Pool pool;

    public PgCallbackCatchUp(Pool pool) {
        this.pool = pool;
    }

    /** Calls ended in ({@code endedAfter}, {@code endedBefore}) whose callback work has not run, oldest first. */
    public Future<List<Pending>> pending(Instant endedBefore, Instant endedAfter, int limit) {
        return pool.preparedQuery(CallsSql.CALLBACKS_PENDING)
                .execute(Tuple.of(CallsSql.time(endedBefore), CallsSql.time(endedAfter), limit))
                .map(rows -> {
                    List<Pending> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Pending(CallsSql.callRecord(r), Boolean.TRUE.equals(r.getBoolean("answered_later"))));
                    }
                    return out;
                });
    }

    /** The call's callback work has run. */
    public Future<Void> done(String callId) {
        return pool.preparedQuery(CallsSql.CALLBACKS_DONE).execute(Tuple.of(callId)).mapEmpty();
    }
}
