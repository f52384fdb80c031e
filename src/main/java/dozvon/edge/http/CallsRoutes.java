package dozvon.edge.http;

import dozvon.core.port.CallHistory;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;

/**
 * Call history for admins and CRMs: {@code GET /api/calls?from=&to=&limit=} (newest first) and
 * {@code GET /api/calls/{id}} (the call, its legs and its routing trace).
 */
public final class CallsRoutes implements HttpRoutes {

    static final int DEFAULT_LIMIT = 100;
    /** One page stays small enough to render and to hold in memory; a CRM pages with {@code to}. */
    static final int MAX_LIMIT = 1000;

    private final CallHistory history;

    public CallsRoutes(CallHistory history) {
        this.history = history;
    }

    @Override
    public void mount(Router router, Handler<RoutingContext> adminAuth) {
        router.get("/api/calls").handler(adminAuth).handler(this::list);
        router.get("/api/calls/:id").handler(adminAuth).handler(this::one);
    }

    private void list(RoutingContext ctx) {
        Instant from = Inputs.optionalInstant(ctx, "from");
        Instant to = Inputs.optionalInstant(ctx, "to");
        int limit = Inputs.limit(ctx, "limit", DEFAULT_LIMIT, MAX_LIMIT);
        if (from != null && to != null && to.isBefore(from)) {
            HttpErrors.send(ctx, 400, "to must not be before from", "to");
            return;
        }
        PortCalls.then(ctx, "call history", () -> history.recent(from, to, limit),
                calls -> HttpApi.json(ctx, 200, CallJson.list(calls).encode()));
    }

    private void one(RoutingContext ctx) {
        String id = Inputs.pathId(ctx, "id");
        PortCalls.then(ctx, "call history", () -> history.byId(id), found -> found.ifPresentOrElse(
                call -> HttpApi.json(ctx, 200, CallJson.detail(call).encode()),
                () -> HttpErrors.send(ctx, 404, "no call " + id, "id")));
    }
}
