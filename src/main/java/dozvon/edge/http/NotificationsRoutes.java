package dozvon.edge.http;

import dozvon.core.notify.DeliveryLog;
import dozvon.core.notify.DeliveryView;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The notification outbox for operators: {@code GET /api/notifications?status=&limit=} (deliveries newest first,
 * with attempts and the last error) and {@code POST /api/notifications/{id}/retry} (a failed delivery starts over,
 * e.g. after a receiver's long outage).
 */
public final class NotificationsRoutes implements HttpRoutes {

    private static final Set<String> STATUSES = Set.of("pending", "delivered", "failed");

    private final DeliveryLog log;
    private final Clock clock;

    public NotificationsRoutes(DeliveryLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    @Override
    public void mount(Router router, Handler<RoutingContext> adminAuth) {
        router.get("/api/notifications").handler(adminAuth).handler(this::list);
        router.post("/api/notifications/:id/retry").handler(adminAuth).handler(this::retry);
    }

    private void list(RoutingContext ctx) {
        List<String> given = ctx.queryParam("status");
        if (given.size() > 1) {
            throw new InvalidInput("status", "status is given more than once");
        }
        String status = given.isEmpty() || given.get(0).isEmpty() ? null : given.get(0);
        if (status != null && !STATUSES.contains(status)) {
            throw new InvalidInput("status", "status must be pending, delivered or failed");
        }
        int limit = Inputs.limit(ctx, "limit", CallsRoutes.DEFAULT_LIMIT, CallsRoutes.MAX_LIMIT);
        PortCalls.then(ctx, "notification outbox", () -> log.recent(status, limit), deliveries -> {
            JsonArray out = new JsonArray();
            deliveries.forEach(d -> out.add(json(d)));
            HttpApi.json(ctx, 200, out.encode());
        });
    }

    private void retry(RoutingContext ctx) {
        long id;
        String raw = Inputs.pathId(ctx, "id");
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new InvalidInput("id", "id must be a delivery number");
        }
        PortCalls.then(ctx, "notification outbox", () -> log.requeue(id, clock.instant()), result -> {
            switch (result) {
                case REQUEUED -> HttpApi.json(ctx, 200, new JsonObject().put("id", id).put("status", "pending").encode());
                case NOT_FAILED -> HttpErrors.send(ctx, 409, "only a failed delivery can be retried", "id");
                default -> HttpErrors.send(ctx, 404, "no delivery " + id, "id");
            }
        });
    }

    private static JsonObject json(DeliveryView d) {
        return new JsonObject()
                .put("id", d.id())
                .put("key", d.idempotencyKey())
                .put("event", d.event())
                .put("channel", d.channel().wire())
                .put("target", d.target().replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@"))
                .put("status", d.status())
                .put("attempts", d.attempts())
                .put("nextAttemptAt", text(d.nextAttemptAt()))
                .put("lastError", d.lastError())
                .put("deliveredAt", text(d.deliveredAt()))
                .put("queuedAt", text(d.queuedAt()));
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
