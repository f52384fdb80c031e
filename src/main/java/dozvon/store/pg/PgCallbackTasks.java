package dozvon.store.pg;

import dozvon.core.callback.CallbackSchedule;
import dozvon.core.callback.CallbackTask;
import dozvon.core.port.CallbackTasks;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Callback tasks in Postgres: merges, closes and the dialer's leases are each one atomic statement. */
public final class PgCallbackTasks implements CallbackTasks {

    private final Pool pool;
    private final SqlClient statements;

    public PgCallbackTasks(Pool pool) {
        this(pool, pool);
    }

    /** @param statements for what every ended call asks (merge, close on reach): a pipelining client */
    public PgCallbackTasks(Pool pool, SqlClient statements) {
        this.pool = pool;
        this.statements = statements;
    }

    @Override
    public CompletionStage<Upserted> openOrMerge(NewTask t, Instant now) {
        return statements.preparedQuery(CallbackSql.OPEN_OR_MERGE)
                .execute(Tuple.tuple().addValue(t.id()).addValue(t.phone()).addValue(t.groupId())
                        .addValue(t.reason().wire()).addValue(t.note()).addValue(t.agentId())
                        .addValue(t.phone() + "|" + t.groupId()).addValue(CallsSql.time(t.dueAt()))
                        .addValue(t.callId()).addValue(CallsSql.time(now)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Upserted(CallbackSql.task(r), r.getBoolean("created"));
                })
                .toCompletionStage();
    }

    @Override
    public CompletionStage<CallbackTask> schedule(NewTask t, Instant now) {
        return pool.preparedQuery(CallbackSql.SCHEDULE)
                .execute(Tuple.tuple().addValue(t.id()).addValue(t.phone()).addValue(t.groupId())
                        .addValue(t.reason().wire()).addValue(t.note()).addValue(t.agentId())
                        .addValue(CallsSql.time(t.dueAt())).addValue(CallsSql.time(now)))
                .map(rows -> CallbackSql.task(rows.iterator().next()))
                .toCompletionStage();
    }

    @Override
    public CompletionStage<List<CallbackTask>> closeReached(String phone, String callId, Instant now) {
        return tasks(statements.preparedQuery(CallbackSql.CLOSE_REACHED)
                .execute(Tuple.of(phone, callId, CallsSql.time(now))));
    }

    @Override
    public CompletionStage<List<CallbackTask>> list(Filter f) {
        return tasks(pool.preparedQuery(CallbackSql.LIST).execute(Tuple.of(
                f.status() == null ? null : f.status().wire(), f.groupId(), f.agentId(), Math.max(1, f.limit()))));
    }

    @Override
    public CompletionStage<Optional<CallbackTask>> byId(String id) {
        return first(pool.preparedQuery(CallbackSql.BY_ID).execute(Tuple.of(id)));
    }

    @Override
    public CompletionStage<Optional<CallbackTask>> update(String id, Patch p, Instant now) {
        Future<RowSet<Row>> patched = pool.preparedQuery(CallbackSql.PATCH).execute(Tuple.tuple()
                .addValue(id).addValue(p.reassign()).addValue(p.agentId()).addValue(CallsSql.time(p.dueAt()))
                .addValue(p.close()).addValue(p.note()).addValue(CallsSql.time(now)));
        return patched.compose(rows -> rows.size() > 0
                        ? Future.succeededFuture(Optional.of(CallbackSql.task(rows.iterator().next())))
                        : Future.fromCompletionStage(byId(id)))
                .toCompletionStage();
    }

    @Override
    public CompletionStage<List<CallbackTask>> claimDue(Instant now, Duration lease, String owner, int limit) {
        return tasks(pool.preparedQuery(CallbackSql.CLAIM_DUE)
                .execute(Tuple.of(CallsSql.time(now), owner, CallsSql.time(now.plus(lease)), limit)));
    }

    @Override
    public CompletionStage<Optional<CallbackTask>> finishAttempt(String id, String owner, Optional<Attempt> attempt,
                                                                 CallbackSchedule.Next next, Instant now) {
        String callId = attempt.map(Attempt::callId).orElse(null);
        return pool.withTransaction(conn -> {
            Future<Void> recorded = attempt.isEmpty() ? Future.succeededFuture()
                    : conn.preparedQuery(CallbackSql.INSERT_ATTEMPT).execute(Tuple.of(id, callId,
                            attempt.get().agentId(), attempt.get().result(), CallsSql.time(attempt.get().startedAt()),
                            CallsSql.time(attempt.get().endedAt()))).mapEmpty();
            return recorded.compose(v -> {
                if (next instanceof CallbackSchedule.Next.Retry retry) {
                    return conn.preparedQuery(CallbackSql.RESCHEDULE).execute(Tuple.of(id,
                            CallsSql.time(retry.dueAt()), retry.attempts(), callId, CallsSql.time(now)));
                }
                CallbackSchedule.Next.Close close = (CallbackSchedule.Next.Close) next;
                return conn.preparedQuery(CallbackSql.CLOSE_AFTER_ATTEMPT).execute(Tuple.of(id,
                        close.reason().wire(), close.attempts(), callId, CallsSql.time(now)));
            });
        }).map(rows -> rows.size() == 0 ? Optional.<CallbackTask>empty()
                : Optional.of(CallbackSql.task(rows.iterator().next()))).toCompletionStage();
    }

    @Override
    public CompletionStage<List<Attempt>> attempts(String id) {
        return pool.preparedQuery(CallbackSql.ATTEMPTS).execute(Tuple.of(id)).map(rows -> {
            List<Attempt> out = new ArrayList<>();
            rows.forEach(r -> out.add(new Attempt(r.getString("call_id"), r.getString("agent_id"),
                    r.getString("result"), CallbackSql.instant(r, "started_at"), CallbackSql.instant(r, "ended_at"))));
            return out;
        }).toCompletionStage();
    }

    private static CompletionStage<List<CallbackTask>> tasks(Future<RowSet<Row>> rows) {
        return rows.map(rs -> {
            List<CallbackTask> out = new ArrayList<>();
            rs.forEach(r -> out.add(CallbackSql.task(r)));
            return out;
        }).toCompletionStage();
    }

    private static CompletionStage<Optional<CallbackTask>> first(Future<RowSet<Row>> rows) {
        return rows.map(rs -> rs.size() == 0 ? Optional.<CallbackTask>empty()
                : Optional.of(CallbackSql.task(rs.iterator().next()))).toCompletionStage();
    }

}
