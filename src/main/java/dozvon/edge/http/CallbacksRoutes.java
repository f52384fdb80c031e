package dozvon.edge.http;

import dozvon.core.callback.CallbackBook;
import dozvon.core.callback.CallbackTask;
import dozvon.core.callback.TaskStatus;
import dozvon.core.port.CallbackTasks;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Callback tasks: {@code GET /api/callbacks?status=&group=&agent=&limit=}, {@code GET /api/callbacks/{id}} (with
 * its attempts), {@code POST /api/callbacks} (one follow-up or a list, from a CRM) and
 * {@code PATCH /api/callbacks/{id}} (reassign, reschedule, close with a note).
 */
public final class CallbacksRoutes implements HttpRoutes {

    private final CallbackBook book;
    private final CallbackTasks tasks;
    private final Map<String, String> groupOfAgent;
    private final Set<String> groups;

    /** @param groupOfAgent configured agents and their groups; @param groups configured group ids */
    public CallbacksRoutes(CallbackBook book, CallbackTasks tasks, Map<String, String> groupOfAgent,
                           Set<String> groups) {
        this.book = book;
        this.tasks = tasks;
        this.groupOfAgent = Map.copyOf(groupOfAgent);
        this.groups = Set.copyOf(groups);
    }

    @Override
    public void mount(Router router, Handler<RoutingContext> adminAuth) {
        router.get("/api/callbacks").handler(adminAuth).handler(this::list);
        router.post("/api/callbacks").handler(adminAuth).handler(this::schedule);
        router.get("/api/callbacks/:id").handler(adminAuth).handler(this::one);
        router.patch("/api/callbacks/:id").handler(adminAuth).handler(this::patch);
    }

    private void list(RoutingContext ctx) {
        String status = query(ctx, "status");
        TaskStatus st = status == null ? null : TaskStatus.fromWire(status).orElseThrow(() ->
                new InvalidInput("status", "status must be open or closed"));
        CallbackTasks.Filter filter = new CallbackTasks.Filter(st, query(ctx, "group"), query(ctx, "agent"),
                Inputs.limit(ctx, "limit", 100, 1000));
        PortCalls.then(ctx, "callback tasks", () -> book.list(filter), list -> {
            JsonArray out = new JsonArray();
            list.forEach(t -> out.add(CallbackJson.of(t)));
            HttpApi.json(ctx, 200, out.encode());
        });
    }

    private void one(RoutingContext ctx) {
        String id = Inputs.pathId(ctx, "id");
        PortCalls.then(ctx, "callback tasks", () -> book.byId(id), task -> {
            if (task.isEmpty()) {
                HttpErrors.send(ctx, 404, "no callback task " + id, "id");
                return;
            }
            PortCalls.then(ctx, "callback tasks", () -> tasks.attempts(id),
                    attempts -> HttpApi.json(ctx, 200, CallbackJson.withAttempts(task.get(), attempts).encode()));
        });
    }

    private void schedule(RoutingContext ctx) {
        String body = ctx.body().asString();
        boolean many = body != null && body.stripLeading().startsWith("[");
        List<CallbackRequests.Scheduled> wanted = CallbackRequests.schedule(body, groupOfAgent, groups);
        boolean list = many;
        PortCalls.then(ctx, "callback tasks", () -> scheduleAll(wanted), made -> {
            if (list) {
                JsonArray out = new JsonArray();
                made.forEach(t -> out.add(CallbackJson.of(t)));
                HttpApi.json(ctx, 201, out.encode());
            } else {
                HttpApi.json(ctx, 201, CallbackJson.of(made.get(0)).encode());
            }
        });
    }

    /** One after another, so a list keeps its order; each is its own task (a CRM's list is not atomic). */
    private CompletionStage<List<CallbackTask>> scheduleAll(List<CallbackRequests.Scheduled> wanted) {
        CompletionStage<List<CallbackTask>> chain = CompletableFuture.completedFuture(new ArrayList<>());
        for (CallbackRequests.Scheduled s : wanted) {
            chain = chain.thenCompose(done -> book.scheduleCall(s.phone(), s.group(), s.agent(), s.dueAt(), s.reason())
                    .thenApply(t -> {
                        done.add(t);
                        return done;
                    }));
        }
        return chain;
    }

    private void patch(RoutingContext ctx) {
        String id = Inputs.pathId(ctx, "id");
        CallbackTasks.Patch patch = CallbackRequests.patch(ctx.body().asString(), groupOfAgent);
        PortCalls.then(ctx, "callback tasks", () -> book.change(id, patch), change -> {
            if (change.isEmpty()) {
                HttpErrors.send(ctx, 404, "no callback task " + id, "id");
            } else if (!change.get().applied()) {
                HttpErrors.send(ctx, 409, "callback task " + id + " is closed ("
                        + change.get().task().closeReason().wire() + ")", "id");
            } else {
                HttpApi.json(ctx, 200, CallbackJson.of(change.get().task()).encode());
            }
        });
    }

    private static String query(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParam(name);
        if (values.isEmpty() || values.get(0).isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidInput(name, name + " is given more than once");
        }
        String v = values.get(0);
        if (v.length() > Inputs.MAX_ID_LENGTH) {
            throw new InvalidInput(name, name + " is longer than " + Inputs.MAX_ID_LENGTH + " characters");
        }
        return v;
    }

}
