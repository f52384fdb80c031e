package dozvon.store.pg;

import dozvon.core.chain.CallCommand;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Function;

/**
 * Drains a local spool into Postgres: checks every {@code every}; after a failed attempt waits twice as long
 * each time (up to {@code maxBackoff}) so a database that is still down is not hammered. Starting it
 * replays whatever an earlier run left behind at once. Call records and notifications each have a spool of their
 * own and one of these.
 */
public final class SpoolReplayer {

    public static final Duration DEFAULT_EVERY = Duration.ofSeconds(2);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(SpoolReplayer.class);

    /** A spool as the replayer sees it: what waits, and one pass that puts it into the database. */
    public interface Drainable {
        long pending();

        /** Completes with how many went in; fails, keeping the rest, when the database does not take them. */
        Future<Integer> replayOnce();
    }

    private final Vertx vertx;
    private final String what;
    private final Drainable spool;
    private final Duration every;
    private final Duration maxBackoff;
    private Duration delay;
    private long timerId = -1;
    private boolean running;

    /** @param what for the log lines, e.g. "call records" */
    public SpoolReplayer(Vertx vertx, String what, Drainable spool, Duration every, Duration maxBackoff) {
        this.vertx = vertx;
        this.what = what;
        this.spool = spool;
        this.every = every;
        this.maxBackoff = maxBackoff;
        this.delay = every;
    }

    /** @param insert straight into Postgres, normally {@link PgCallRecords#replay} */
    public SpoolReplayer(Vertx vertx, CallRecordSpool spool, Function<CallCommand.Record, Future<Void>> insert,
                         Duration every, Duration maxBackoff) {
        this(vertx, "call records", new Drainable() {
            @Override
            public long pending() {
                return spool.pending();
            }

            @Override
            public Future<Integer> replayOnce() {
                return spool.replay(insert);
            }
        }, every, maxBackoff);
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
        spool.replayOnce().onComplete(ar -> {
            if (ar.succeeded()) {
                if (ar.result() > 0) {
                    log.info("event=spool_replayed what=\"{}\" count={} left={}", what, ar.result(), spool.pending());
                }
                delay = every;
                // what was written while this round ran is waiting in a fresh file: go on at once
                schedule(spool.pending() > 0 ? 1 : every.toMillis());
            } else {
                log.warn("event=spool_replay_failed what=\"{}\" pending={} retry_ms={} error=\"{}\"", what,
                        spool.pending(), delay.toMillis(), ar.cause().toString());
                long wait = delay.toMillis();
                delay = delay.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : delay.multipliedBy(2);
                schedule(wait);
            }
        });
    }
}
