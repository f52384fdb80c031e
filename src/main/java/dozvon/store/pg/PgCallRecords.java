package dozvon.store.pg;

import dozvon.core.chain.CallCommand;
import dozvon.core.port.CallRecords;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
    /**
     * How long the first record of a batch waits for others. A transaction costs four round trips and a WAL
     * flush whether it carries one record or fifty: at 150 calls/s, writing each at once took a transaction
     * per call; waiting this long makes it one per three calls, at 1,000/s one per twenty. Nobody reads a
     * record within 20 ms of its call's end.
     */
    static final long LINGER_MILLIS = 20;

    private final Pool pool;
    private final CallRecordSpool spool;
    private final String replicaId;
    private final List<Pending> queue = new ArrayList<>();
    private boolean inFlight;
    private volatile Consumer<CallCommand.Record> onStored = r -> { };
    /** Records handed to {@link #write} and not yet durable (in Postgres or the spool): a stop waits for them. */
    private final java.util.concurrent.atomic.AtomicInteger writing = new java.util.concurrent.atomic.AtomicInteger();
    /** Where transactions are started and finished. */
    private final Context writer;

    /**
     * @param replicaId stored in {@code calls.replica}: which replica handled the call
     * @param writer the context the writer runs its transactions on (and tells {@link #onStored} from): records
     *               come from the SIP loop, and encoding a batch, its answer and the listeners' work must not
     *               take turns with ring timers there
     */
    public PgCallRecords(Pool pool, CallRecordSpool spool, String replicaId, Context writer) {
        this.pool = pool;
        this.spool = spool;
        this.replicaId = replicaId;
        this.writer = writer;
    }

    /**
     * Told of each record once it is committed in Postgres: at once for most, after the spool's replay for those
     * written during an outage (a record only in the spool is durable, but what hangs off it — callback tasks,
     * notifications, customers — needs the database). A replay may tell a record twice: listeners are idempotent.
     */
    public void onStored(Consumer<CallCommand.Record> listener) {
        this.onStored = listener;
    }

    private void stored(CallCommand.Record record) {
        try {
            onStored.accept(record);
        } catch (RuntimeException e) {
            log.warn("event=stored_listener_failed callId={} error=\"{}\"", record.call().callId(), e.toString());
        }
    }

    /** The spool's way back in: insert, then tell {@link #onStored}. */
    public Future<Void> replay(CallCommand.Record record) {
        return insert(record).onSuccess(v -> stored(record));
    }

    @Override
    public CompletionStage<Void> write(CallCommand.Record record) {
        writing.incrementAndGet();
        return durable(record).whenComplete((v, e) -> writing.decrementAndGet());
    }

    /** How many records are being written now (a drained replica closes Postgres and the spool once none are). */
    public int writing() {
        return writing.get();
    }

    private CompletionStage<Void> durable(CallCommand.Record record) {
        if (spool.pending() > 0) {
            return spool.append(record).toCompletionStage();
        }
        Pending pending = new Pending(record, Promise.promise());
        boolean first;
        synchronized (queue) {
            queue.add(pending);
            first = !inFlight;
            inFlight = true;
        }
        if (first) {
            writer.runOnContext(v -> writer.owner().setTimer(LINGER_MILLIS, id -> flush(queued())));
        }
        return pending.done().future().toCompletionStage();
    }

    /** A record waiting for its transaction, and whoever waits for it to be durable. */
    private record Pending(CallCommand.Record record, Promise<Void> done) {}

    private List<Pending> takeQueue() {
        List<Pending> batch = new ArrayList<>(queue);
        queue.clear();
        return batch;
    }

    private List<Pending> queued() {
        synchronized (queue) {
            return takeQueue();
        }
    }

    /**
     * Group commit: one transaction for every record that arrived while the previous one was in flight, or
     * within {@link #LINGER_MILLIS} of the first. Under heavy load one commit (one WAL flush) carries hundreds.
     * A batch that fails is retried record by record, so one bad record never sinks the others.
     */
    private void flush(List<Pending> batch) {
        insertAll(batch.stream().map(Pending::record).toList()).onComplete(ar -> {
            if (ar.succeeded()) {
                batch.forEach(p -> {
                    stored(p.record()); // listeners only start their own work: the writer is not held up
                    p.done().complete();
                });
            } else if (batch.size() == 1) {
                fallBack(batch.get(0), ar.cause());
            } else {
                batch.forEach(p -> insert(p.record()).onComplete(one -> {
                    if (one.succeeded()) {
                        stored(p.record());
                        p.done().complete();
                    } else {
                        fallBack(p, one.cause());
                    }
                }));
            }
            List<Pending> next = null;
            synchronized (queue) {
                if (queue.isEmpty()) {
                    inFlight = false;
                } else {
                    next = takeQueue();
                }
            }
            if (next != null) {
                flush(next);
            }
        });
    }

    private void fallBack(Pending p, Throwable e) {
        CallCommand.Record record = p.record();
        Future<Void> kept;
        if (PgFailures.isTransient(e)) {
            log.warn("Postgres unavailable, call {} goes to the spool: {}", record.call().callId(), e.toString());
            kept = spool.append(record);
        } else {
            log.error("Postgres refused call {}, kept in the spool's rejected file: {}", record.call().callId(), e.toString());
            kept = spool.reject(record, e);
        }
        kept.onComplete(p.done());
    }

    /** Several records in one transaction; idempotent like {@link #insert}. */
    private Future<Void> insertAll(List<CallCommand.Record> records) {
        List<Tuple> calls = new ArrayList<>();
        List<Tuple> legs = new ArrayList<>();
        try {
            for (CallCommand.Record r : records) {
                calls.add(CallsSql.callParams(r, replicaId));
                legs.addAll(CallsSql.legParams(r));
            }
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return pool.withTransaction(conn -> conn.preparedQuery(CallsSql.INSERT_CALL).executeBatch(calls)
                        .compose(done -> legs.isEmpty() ? Future.succeededFuture()
                                : conn.preparedQuery(CallsSql.INSERT_LEG).executeBatch(legs).mapEmpty()))
                .timeout(INSERT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .mapEmpty();
    }

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
