package dozvon.app;

import dozvon.core.chain.CallCommand;
import dozvon.store.pg.PgCallbackCatchUp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A missed call is never left without its callback task. Its record is written first and its task opened after
 * it; a replica that stops in between (killed, out of memory), or a Postgres outage longer than the listener's
 * retries, leaves a call whose callback work never ran (only calls that may open a task are written waiting
 * for it: an answered call's work only closes one). Every minute each replica gives such calls their
 * callback work: those ended more than {@link #SETTLE} ago (their own replica is done with them) and less than
 * {@link #HORIZON} ago. A missed call whose caller was answered on a later call needs no task any more. The work
 * is idempotent per call, so two replicas catching up on the same call make one task.
 */
final class CallbackCatchUp {

    private static final Logger log = LoggerFactory.getLogger(CallbackCatchUp.class);
    static final Duration SETTLE = Duration.ofMinutes(2);
    static final Duration HORIZON = Duration.ofDays(2);
    private static final int BATCH = 200;

    private final Vertx vertx;
    private final PgCallbackCatchUp store;
    private final Function<CallCommand.Record, CompletionStage<Void>> work;
    private final Clock clock;
    private long timer = -1;

    CallbackCatchUp(Vertx vertx, PgCallbackCatchUp store, Function<CallCommand.Record, CompletionStage<Void>> work,
                    Clock clock) {
        this.vertx = vertx;
        this.store = store;
        this.work = work;
        this.clock = clock;
    }

    /**
     * The callback work of a call as it ends: the work, then, for a call that may open a task (the only ones
     * written waiting for it), the mark that it ran.
     */
    static Function<CallCommand.Record, CompletionStage<Void>> marking(
            Function<CallCommand.Record, CompletionStage<Void>> work, PgCallbackCatchUp store) {
        return record -> work.apply(record).thenCompose(v -> record.call().mayOpenCallback()
                ? store.done(record.call().callId()).toCompletionStage()
                : java.util.concurrent.CompletableFuture.<Void>completedFuture(null));
    }

    synchronized void start(Duration every) {
        if (timer < 0) {
            timer = vertx.setPeriodic(every.toMillis(), every.toMillis(), id -> runOnce()
                    .onFailure(e -> log.warn("event=callback_catch_up_failed error=\"{}\"", e.toString())));
        }
    }

    synchronized void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    /** One pass: completes with how many calls got their callback work. */
    Future<Integer> runOnce() {
        Instant now = clock.instant();
        return store.pending(now.minus(SETTLE), now.minus(HORIZON), BATCH).compose(this::catchUp);
    }

    private Future<Integer> catchUp(List<PgCallbackCatchUp.Pending> pending) {
        Future<Integer> done = Future.succeededFuture(0);
        for (PgCallbackCatchUp.Pending p : pending) {
            done = done.compose(n -> one(p).map(n + 1));
        }
        return done;
    }

    private Future<Void> one(PgCallbackCatchUp.Pending p) {
        String callId = p.call().callId();
        if (p.answeredLater() && p.call().outcome() != dozvon.core.chain.CallOutcome.ANSWERED) {
            log.info("event=callback_catch_up callId={} action=none why=answered_later", callId);
            return store.done(callId);
        }
        log.warn("event=callback_catch_up callId={} outcome={}", callId, p.call().outcome());
        return Future.fromCompletionStage(work.apply(new CallCommand.Record(p.call(), List.of(), List.of())))
                .compose(v -> store.done(callId));
    }
}
