package dozvon.store.pg;

import dozvon.core.chain.CallCommand;
import dozvon.core.port.CallRecords;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Call records in Postgres: the {@code calls} row (with the routing trace as jsonb) and its {@code call_legs}
 * rows in one transaction, keyed by call id and leg id so writing the same record twice changes nothing.
 * While Postgres does not answer, records go to the {@link CallRecordSpool} instead; while the spool holds
 * anything, new records queue behind it there, so records reach the database in the order they were written.
 */
public final class PgCallRecords implements CallRecords {

    private static final Logger log = LoggerFactory.getLogger(PgCallRecords.class);
    /** A hung database counts as a down one; the insert may still land later, which idempotency allows. */
    private static final Duration INSERT_TIMEOUT = Duration.ofSeconds(10);

    private final Pool pool;
    private final CallRecordSpool spool;
    private final String replicaId;

    /** @param replicaId stored in {@code calls.replica}: which replica handled the call */
    public PgCallRecords(Pool pool, CallRecordSpool spool, String replicaId) {
        this.pool = pool;
        this.spool = spool;
        this.replicaId = replicaId;
    }

    @Override
    public CompletionStage<Void> write(CallCommand.Record record) {
        if (spool.pending() > 0) {
            return spool.append(record).toCompletionStage();
        }
        return insert(record).recover(e -> {
            if (PgFailures.isTransient(e)) {
                log.warn("Postgres unavailable, call {} goes to the spool: {}", record.call().callId(), e.toString());
                return spool.append(record);
            }
            log.error("Postgres refused call {}, kept in the spool's rejected file: {}", record.call().callId(), e.toString());
            return spool.reject(record, e);
        }).toCompletionStage();
    }

    /** Straight into Postgres, no spool: what the {@link SpoolReplayer} replays with. */
    public Future<Void> insert(CallCommand.Record record) {
        Tuple call;
        List<Tuple> legs;
        try {
            call = CallsSql.callParams(record, replicaId);
            legs = CallsSql.legParams(record);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return pool.withTransaction(conn -> conn.preparedQuery(CallsSql.INSERT_CALL).execute(call)
                        .compose(done -> legs.isEmpty() ? Future.succeededFuture()
                                : conn.preparedQuery(CallsSql.INSERT_LEG).executeBatch(legs).mapEmpty()))
                .timeout(INSERT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .mapEmpty();
    }
}
