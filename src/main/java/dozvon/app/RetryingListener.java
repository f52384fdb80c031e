package dozvon.app;

import dozvon.core.chain.CallCommand;
import dozvon.core.port.CallOutcomeListener;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A listener whose work must not be lost to a busy or briefly absent database (a callback task for a missed
 * call): a failed attempt is tried again after a delay that doubles, a few times, then logged as given up. The
 * work must be idempotent per call (a retry after a commit whose answer was lost runs it twice).
 */
final class RetryingListener implements CallOutcomeListener {

    private static final Logger log = LoggerFactory.getLogger(RetryingListener.class);

    private final Vertx vertx;
    private final String name;
    private final Function<CallCommand.Record, CompletionStage<Void>> work;
    private final int attempts;
    private final Duration firstDelay;

    RetryingListener(Vertx vertx, String name, Function<CallCommand.Record, CompletionStage<Void>> work, int attempts,
                     Duration firstDelay) {
        this.vertx = vertx;
        this.name = name;
        this.work = work;
        this.attempts = attempts;
        this.firstDelay = firstDelay;
    }

    @Override
    public void ended(CallCommand.Record record) {
        attempt(record, 1, firstDelay);
    }

    private void attempt(CallCommand.Record record, int n, Duration delay) {
        CompletionStage<Void> done;
        try {
            done = work.apply(record);
        } catch (RuntimeException e) {
            done = java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        done.whenComplete((v, err) -> {
            if (err == null) {
                return;
            }
            String callId = record.call().callId();
            if (n >= attempts) {
                log.error("event=call_listener_gave_up listener={} callId={} attempts={} error=\"{}\"", name, callId, n,
                        err.toString());
                return;
            }
            log.warn("event=call_listener_retry listener={} callId={} attempt={} in_ms={} error=\"{}\"", name, callId, n,
                    delay.toMillis(), err.toString());
            vertx.setTimer(delay.toMillis(), id -> attempt(record, n + 1, delay.multipliedBy(2)));
        });
    }
}
