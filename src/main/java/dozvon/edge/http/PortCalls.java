package dozvon.edge.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a core port call for a request and continues on the request's context. A port that fails (its store
 * is down or slow) answers 503 naming the capability, logged once; the caller never sees a stack trace.
 */
final class PortCalls {

    private static final Logger log = LoggerFactory.getLogger(PortCalls.class);

    private PortCalls() {}

    /**
     * @param what    the capability in words, for the 503 and the log ("call history", "agent presence")
     * @param call    the port call; a throw counts as a failure
     * @param success what to do with the result, on the request's context; a throw there is a bug: 500
     */
    static <T> void then(RoutingContext ctx, String what, Supplier<CompletionStage<T>> call, Consumer<T> success) {
        Future<T> result;
        try {
            result = Future.fromCompletionStage(call.get(), ctx.vertx().getOrCreateContext());
        } catch (RuntimeException e) {
            result = Future.failedFuture(e);
        }
        result.onComplete(ar -> {
            if (ar.failed()) {
                log.warn("event=port_failed what=\"{}\" method={} path={} error=\"{}\"", what, ctx.request().method(),
                        ctx.normalizedPath(), ar.cause().toString());
                HttpErrors.send(ctx, 503, what + " is unavailable, try again shortly");
                return;
            }
            try {
                success.accept(ar.result());
            } catch (RuntimeException e) {
                ctx.fail(500, e);
            }
        });
    }
}
