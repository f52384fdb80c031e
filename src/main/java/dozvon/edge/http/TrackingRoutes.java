package dozvon.edge.http;

import dozvon.core.port.TrackingSessions;
import dozvon.core.tracking.NumberPool;
import dozvon.core.tracking.VisitorSession;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Dynamic numbers for websites, public (a website has no token): {@code POST /api/tracking/sessions} leases a
 * pool number to a visitor, and {@code GET /tracking.js} is the snippet a site includes to show it. Browsers
 * from the configured origins only (CORS), a request budget per client address, small bodies.
 */
public final class TrackingRoutes implements HttpRoutes {

    /** What a visit may tell; anything else in the body is refused rather than silently dropped. */
    private static final Set<String> FIELDS = Set.of("visitorId", "source", "medium", "campaign", "keyword",
            "landingPage", "pool");
    private static final Pattern VISITOR_ID = Pattern.compile("[A-Za-z0-9._-]{8,64}");
    private static final int MAX_TAG = 200;
    private static final int MAX_PAGE = 2000;
    private static final int MAX_CLIENTS = 100_000;

    /** How a site's requests are answered. */
    public record Settings(List<String> allowedOrigins, String defaultNumber, int requestsPerMinute,
                           int maxBodyBytes, String phoneSelector) {}

    private final Map<String, NumberPool> pools = new LinkedHashMap<>();
    private final TrackingSessions sessions;
    private final Settings settings;
    private final Consumer<String> poolExhausted;
    private final Clock clock;
    private final ClientRateLimiter limiter;
    private final Buffer script;

    /** @param poolExhausted told the pool's name each time a visitor gets the fallback number */
    public TrackingRoutes(List<NumberPool> pools, TrackingSessions sessions, Settings settings,
                          Consumer<String> poolExhausted, Clock clock) {
        pools.forEach(p -> this.pools.put(p.name(), p));
        this.sessions = sessions;
        this.settings = settings;
        this.poolExhausted = poolExhausted;
        this.clock = clock;
        this.limiter = new ClientRateLimiter(settings.requestsPerMinute(), MAX_CLIENTS, clock);
        this.script = Buffer.buffer(snippet(settings.phoneSelector()));
    }

    @Override
    public void mount(Router router, Handler<RoutingContext> adminAuth) {
        router.options("/api/tracking/sessions").handler(this::preflight);
        router.post("/api/tracking/sessions").handler(this::lease);
        router.get("/tracking.js").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/javascript; charset=utf-8")
                .putHeader("Cache-Control", "public, max-age=300")
                .end(script));
    }

    private void preflight(RoutingContext ctx) {
        if (!cors(ctx)) {
            HttpErrors.send(ctx, 403, "origin not allowed", "Origin");
            return;
        }
        ctx.response().setStatusCode(204)
                .putHeader("Access-Control-Allow-Methods", "POST")
                .putHeader("Access-Control-Allow-Headers", "Content-Type")
                .putHeader("Access-Control-Max-Age", "600")
                .end();
    }

    /**
     * Allowed: no Origin (not a browser: curl, a server-side integration) or a configured one, which is echoed
     * back. A browser from anywhere else gets no CORS header and a 403.
     */
    private boolean cors(RoutingContext ctx) {
        String origin = ctx.request().getHeader("Origin");
        ctx.response().putHeader("Vary", "Origin");
        if (origin == null) {
            return true;
        }
        if (settings.allowedOrigins().contains(origin) || settings.allowedOrigins().contains("*")) {
            ctx.response().putHeader("Access-Control-Allow-Origin", origin);
            return true;
        }
        return false;
    }

    private void lease(RoutingContext ctx) {
        if (!cors(ctx)) {
            HttpErrors.send(ctx, 403, "origin not allowed", "Origin");
            return;
        }
        String client = ctx.request().remoteAddress() == null ? "?" : ctx.request().remoteAddress().hostAddress();
        if (!limiter.allow(client)) {
            ctx.response().putHeader("Retry-After", Long.toString(limiter.retryAfterSeconds(client)));
            HttpErrors.send(ctx, 429, "too many requests from this address, try again later");
            return;
        }
        if (ctx.body().length() > settings.maxBodyBytes()) {
            HttpErrors.send(ctx, 413, "request body too large (at most " + settings.maxBodyBytes() + " bytes)", "body");
            return;
        }
        JsonObject body = JsonBodies.object(ctx.body().asString(), FIELDS);
        NumberPool pool = pool(JsonBodies.text(body, "pool", 64));
        VisitorSession session = session(body);
        if (pool == null) {
            HttpErrors.send(ctx, 404, "no number pool is configured", "pool");
            return;
        }
        Instant at = clock.instant();
        PortCalls.then(ctx, "number leases", () -> sessions.lease(pool, session, at), lease -> {
            JsonObject out = new JsonObject().put("pool", pool.name());
            if (lease.isPresent()) {
                out.put("number", lease.get().number()).put("expiresAt", lease.get().expiresAt().toString());
            } else {
                poolExhausted.accept(pool.name());
                String fallback = pool.fallback() != null ? pool.fallback() : settings.defaultNumber();
                // Nothing to renew: ask again after a while, perhaps a number is free by then.
                out.put("number", fallback).put("expiresAt", at.plus(pool.leaseFor()).toString()).put("fallback", true);
            }
            HttpApi.json(ctx, 200, out.encode());
        });
    }

    /** The named pool, or the first configured one when none is named; null when there are none at all. */
    private NumberPool pool(String name) {
        if (name == null) {
            return pools.values().stream().findFirst().orElse(null);
        }
        NumberPool p = pools.get(name);
        if (p == null) {
            throw new InvalidInput("pool", "no pool '" + name + "'");
        }
        return p;
    }

    private static VisitorSession session(JsonObject body) {
        String visitor = JsonBodies.text(body, "visitorId", 64);
        if (visitor == null) {
            throw new InvalidInput("visitorId", "visitorId is missing");
        }
        if (!VISITOR_ID.matcher(visitor).matches()) {
            throw new InvalidInput("visitorId", "visitorId must be 8 to 64 letters, digits, '.', '_' or '-'");
        }
        String page = JsonBodies.text(body, "landingPage", MAX_PAGE);
        if (page != null && !(page.startsWith("http://") || page.startsWith("https://"))) {
            throw new InvalidInput("landingPage", "landingPage must be an http(s) URL");
        }
        return new VisitorSession(visitor, JsonBodies.text(body, "source", MAX_TAG),
                JsonBodies.text(body, "medium", MAX_TAG), JsonBodies.text(body, "campaign", MAX_TAG),
                JsonBodies.text(body, "keyword", MAX_TAG), page);
    }

    /** The snippet with this deployment's phone selector; the API's address it takes from its own URL. */
    static String snippet(String selector) {
        try (InputStream in = TrackingRoutes.class.getResourceAsStream("/webroot/tracking.js")) {
            if (in == null) {
                throw new IllegalStateException("missing /webroot/tracking.js");
            }
            String js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return js.replace("\"__PHONE_SELECTOR__\"", new io.vertx.core.json.JsonArray().add(selector).encode()
                    .replaceAll("^\\[|\\]$", "").replace("<", "\\u003c"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
