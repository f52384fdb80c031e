package dozvon.edge.http;

import dozvon.core.port.BlacklistStore;
import dozvon.core.tracking.Blacklist;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * The blacklist: {@code GET /api/blacklist} (config patterns and those added here), {@code POST /api/blacklist}
 * {@code {pattern, note?}} and {@code DELETE /api/blacklist/{pattern}} (or {@code ?pattern=}). Patterns are
 * exact ({@code +79990000000}) or prefixes ({@code +7999*}). Config patterns are changed in the config file,
 * not here.
 */
public final class BlacklistRoutes implements HttpRoutes {

    static final int MAX_NOTE = 500;
    private static final Set<String> FIELDS = Set.of("pattern", "note");
    private static final String PATTERN_HELP = "pattern must be a number such as +79990000000 or a prefix such as +7999*";

    private final BlacklistStore store;
    private final List<String> configured;
    private final Runnable changed;
    private final Clock clock;

    /** @param changed told after each change, so this replica's copy follows at once */
    public BlacklistRoutes(BlacklistStore store, List<String> configured, Runnable changed, Clock clock) {
        this.store = store;
        this.configured = List.copyOf(configured);
        this.changed = changed;
        this.clock = clock;
    }

    @Override
    public void mount(Router router, Handler<RoutingContext> adminAuth) {
        router.get("/api/blacklist").handler(adminAuth).handler(this::list);
        router.post("/api/blacklist").handler(adminAuth).handler(this::add);
        router.delete("/api/blacklist").handler(adminAuth).handler(ctx -> remove(ctx, single(ctx)));
        router.delete("/api/blacklist/:pattern").handler(adminAuth).handler(ctx -> remove(ctx, ctx.pathParam("pattern")));
    }

    private void list(RoutingContext ctx) {
        PortCalls.then(ctx, "blacklist", store::all, entries -> {
            JsonArray out = new JsonArray();
            configured.forEach(p -> out.add(new JsonObject().put("pattern", p).put("note", null)
                    .put("source", "config").put("createdAt", null)));
            entries.forEach(e -> out.add(new JsonObject().put("pattern", e.pattern()).put("note", e.note())
                    .put("source", "api").put("createdAt", e.createdAt() == null ? null : e.createdAt().toString())));
            HttpApi.json(ctx, 200, out.encode());
        });
    }

    private void add(RoutingContext ctx) {
        JsonObject body = JsonBodies.object(ctx.body().asString(), FIELDS);
        if (body.getValue("pattern") == null) {
            throw new InvalidInput("pattern", "pattern is missing; " + PATTERN_HELP);
        }
        String pattern = pattern(JsonBodies.text(body, "pattern", 32));
        String note = JsonBodies.text(body, "note", MAX_NOTE);
        PortCalls.then(ctx, "blacklist", () -> store.add(pattern, note, clock.instant()), created -> {
            changed.run();
            HttpApi.json(ctx, created ? 201 : 200, new JsonObject().put("pattern", pattern).put("note", note)
                    .put("source", "api").encode());
        });
    }

    private void remove(RoutingContext ctx, String raw) {
        String pattern = pattern(raw);
        if (configured.contains(pattern)) {
            HttpErrors.send(ctx, 409, pattern + " is in the config file's blacklist; remove it there", "pattern");
            return;
        }
        PortCalls.then(ctx, "blacklist", () -> store.remove(pattern), removed -> {
            if (!removed) {
                HttpErrors.send(ctx, 404, "no pattern " + pattern + " in the blacklist", "pattern");
                return;
            }
            changed.run();
            ctx.response().setStatusCode(204).end();
        });
    }

    private static String single(RoutingContext ctx) {
        List<String> values = ctx.queryParam("pattern");
        if (values.size() > 1) {
            throw new InvalidInput("pattern", "pattern is given more than once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * The stored form, always with a leading '+' (numbers match with or without it, so one form keeps a
     * DELETE from missing). A '+' in a query string may arrive as a space (form encoding).
     */
    static String pattern(String raw) {
        String p = raw == null ? null : raw.replace(' ', '+').trim();
        if (!Blacklist.validPattern(p)) {
            throw new InvalidInput("pattern", PATTERN_HELP);
        }
        return p.startsWith("+") ? p : "+" + p;
    }
}
