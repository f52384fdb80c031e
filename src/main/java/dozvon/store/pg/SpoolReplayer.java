package dozvon.store.pg;

import dozvon.core.chain.CallCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Function;

/**
 * Drains the spool into Postgres: checks every {@code every}; after a failed attempt waits twice as long
 * each time (up to {@code maxBackoff}) so a database that is still down is not hammered. Starting it
 * replays whatever an earlier run left behind at once.
 */
public final class SpoolReplayer {

    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(SpoolReplayer.class);

    private final Vertx vertx;
    private final CallRecordSpool spool;
    private final Function<CallCommand.Record, Future<Void>> insert;
    private final Duration every;
    private final Duration maxBackoff;
    private Duration delay;
    private long timerId = -1;
    private boolean running;

    /** @param insert straight into Postgres, normally {@link PgCallRecords#insert} */
    public SpoolReplayer(Vertx vertx, CallRecordSpool spool, Function<CallCommand.Record, Future<Void>> insert,
                         Duration every, Duration maxBackoff) {
        this.vertx = vertx;
        this.spool = spool;
        this.insert = insert;
        this.every = every;
        this.maxBackoff = maxBackoff;
        this.delay = every;
    }

    public SpoolReplayer(Vertx vertx, CallRecordSpool spool, Function<CallCommand.Record, Future<Void>> insert) {
        this(vertx, spool, insert, DEFAULT_EVERY, DEFAULT_MAX_BACKOFF);
    }

    public synchronized void start() {
        if (!running) {
            running = true;
            schedule(1);
        }
    }

    public synchronized void stop() {
        running = false;
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
            timerId = -1;
        }
    }

    private synchronized void schedule(long millis) {
        if (running) {
            timerId = vertx.setTimer(Math.max(1, millis), id -> tick());
        }
    }

    private void tick() {
        if (spool.pending() == 0) {
            schedule(every.toMillis());
            return;
        }
        spool.replay(insert).onComplete(ar -> {
            if (ar.succeeded()) {
                if (ar.result() > 0) {
                    log.info("replayed {} call records from the spool, {} left", ar.result(), spool.pending());
                }
                delay = every;
                // records written while this round ran are waiting in a fresh file: go on at once
                schedule(spool.pending() > 0 ? 1 : every.toMillis());
            } else {
                log.warn("call record spool replay failed ({} pending), next try in {} ms: {}", spool.pending(),
                        delay.toMillis(), ar.cause().toString());
                long wait = delay.toMillis();
                delay = delay.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : delay.multipliedBy(2);
                schedule(wait);
            }
        });
    }
}
