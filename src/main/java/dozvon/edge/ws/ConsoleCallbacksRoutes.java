package dozvon.edge.ws;

import dozvon.core.callback.CallbackTask;
import dozvon.edge.http.HttpErrors;
import dozvon.edge.http.HttpRoutes;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * {@code GET /api/console/callbacks} with an agent's token ({@code Authorization: Bearer <agent token>}): the open
 * callback tasks the agent may be rung for (their group's unassigned ones and their own), for the console's list.
 * Agents never see the admin API; this is the slice of it their console needs.
 */
public final class ConsoleCallbacksRoutes implements HttpRoutes {

    private static final Logger log = LoggerFactory.getLogger(ConsoleCallbacksRoutes.class);
    private static final int MAX_SHOWN = 50;

    private final AgentTokens tokens;
    private final Function<String, CompletionStage<List<CallbackTask>>> openTasksOfGroup;

    /** @param openTasksOfGroup a group's open tasks, due first */
    public ConsoleCallbacksRoutes(AgentTokens tokens,
                                  Function<String, CompletionStage<List<CallbackTask>>> openTasksOfGroup) {
        this.tokens = tokens;
        this.openTasksOfGroup = openTasksOfGroup;
    }

    @Override
    public void mount(Router router, Handler<RoutingContext> adminAuth) {
        router.get("/api/console/callbacks").handler(this::list);
    }

    private void list(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        Optional<AgentTokens.Claims> claims = header != null && header.startsWith("Bearer ")
                ? tokens.verify(header.substring("Bearer ".length()).trim()) : Optional.empty();
        if (claims.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"dozvon\"");
            HttpErrors.send(ctx, 401, "missing, invalid or expired agent token (log in again)");
            return;
        }
        String me = claims.get().agentId();
        Future.fromCompletionStage(openTasksOfGroup.apply(claims.get().group()), ctx.vertx().getOrCreateContext())
                .onComplete(ar -> {
                    if (ar.failed()) {
                        log.warn("event=console_callbacks_failed agent={} error=\"{}\"", me, ar.cause().toString());
                        HttpErrors.send(ctx, 503, "callback tasks are unavailable, try again shortly");
                        return;
                    }
                    JsonArray out = new JsonArray();
                    ar.result().stream().filter(t -> t.agentId() == null || t.agentId().equals(me)).limit(MAX_SHOWN)
                            .forEach(t -> out.add(new JsonObject().put("id", t.id()).put("phone", t.phone())
                                    .put("reason", t.reason().wire()).put("note", t.note()).put("agent", t.agentId())
                                    .put("dueAt", t.dueAt().toString()).put("attempts", t.attempts())
                                    .put("calls", t.calls())));
                    ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                            .end(out.encode());
                });
    }
}
