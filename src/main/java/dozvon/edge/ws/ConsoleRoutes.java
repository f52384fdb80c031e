package dozvon.edge.ws;

import dozvon.edge.http.AdminAuth;
import dozvon.edge.http.HttpErrors;
import dozvon.edge.http.HttpRoutes;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The console's pages and sockets: {@code /} (agent console), {@code /wallboard}, their assets under
 * {@code /assets/}, and the WebSocket upgrades {@code /ws/agent?token=<agent token>} and
 * {@code /ws/wallboard?token=<admin token>}. A bad or expired token is refused at the upgrade with 401,
 * before any socket exists.
 */
public final class ConsoleRoutes implements HttpRoutes {

    private static final Logger log = LoggerFactory.getLogger(ConsoleRoutes.class);
    /** Pages load only our own scripts and styles and talk only to us (sockets included). */
    private static final String CSP = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; "
            + "style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    private final ConsoleHub hub;
    private final AgentTokens tokens;
    private final AdminAuth admin;

    public ConsoleRoutes(ConsoleHub hub, AgentTokens tokens, String adminToken) {
        this.hub = hub;
        this.tokens = tokens;
        this.admin = new AdminAuth(adminToken);
    }

    @Override
    public void mount(Router router, Handler<RoutingContext> adminAuth) {
        router.get("/").handler(ctx -> page(ctx, "webroot/index.html"));
        router.get("/wallboard").handler(ctx -> page(ctx, "webroot/wallboard.html"));
        router.get("/assets/*").handler(ctx -> {
            ctx.response().putHeader("Cache-Control", "no-cache");
            ctx.next();
        }).handler(StaticHandler.create("webroot/assets").setCachingEnabled(false).setDirectoryListing(false));
        router.get("/ws/agent").handler(this::agentSocket);
        router.get("/ws/wallboard").handler(this::wallboardSocket);
    }

    private static void page(RoutingContext ctx, String file) {
        ctx.response()
                .putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", CSP)
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Cache-Control", "no-cache")
                .sendFile(file);
    }

    private void agentSocket(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (!req.canUpgradeToWebSocket()) {
            HttpErrors.send(ctx, 400, "this is a WebSocket endpoint");
            return;
        }
        Optional<AgentTokens.Claims> claims = tokens.verify(req.getParam("token"));
        if (claims.isEmpty()) {
            log.info("event=ws_refused endpoint=agent ip={}", req.remoteAddress() == null ? "?" : req.remoteAddress().host());
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"dozvon\"");
            HttpErrors.send(ctx, 401, "missing, invalid or expired agent token (log in again)");
            return;
        }
        req.toWebSocket().onSuccess(ws -> hub.attachAgent(ws, claims.get()))
                .onFailure(e -> log.info("event=ws_upgrade_failed error=\"{}\"", e.toString()));
    }

    private void wallboardSocket(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        if (!req.canUpgradeToWebSocket()) {
            HttpErrors.send(ctx, 400, "this is a WebSocket endpoint");
            return;
        }
        String token = req.getParam("token");
        if (token == null || !admin.isAdmin("Bearer " + token)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"dozvon\"");
            HttpErrors.send(ctx, 401, "missing or invalid admin token");
            return;
        }
        req.toWebSocket().onSuccess(hub::attachWallboard)
                .onFailure(e -> log.info("event=ws_upgrade_failed error=\"{}\"", e.toString()));
    }
}
