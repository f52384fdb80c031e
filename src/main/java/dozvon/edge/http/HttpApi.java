package dozvon.edge.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

/**
 * The HTTP surface: health, metrics, the OpenAPI document and the {@code /api} routes of each capability,
 * behind a body limit and an error handler that answers JSON and never leaks a stack trace.
 */
public final class HttpApi {

    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    private HttpApi() {}

    public static Router router(Vertx vertx, String adminToken, int maxBodyBytes, Readiness readiness,
                                Supplier<String> metricsText, List<HttpRoutes> capabilities) {
        Router router = Router.router(vertx);
        AdminAuth adminAuth = new AdminAuth(adminToken);

        router.route().handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff");
            ctx.next();
        });
        router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));

        router.get("/health/live").handler(ctx -> json(ctx, 200, "{\"status\":\"live\"}"));
        router.get("/health/ready").handler(readiness::handle);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metricsText.get()));
        Buffer[] openApi = new Buffer[1];
        router.get("/openapi.yaml").handler(ctx -> {
            if (openApi[0] != null) {
                ctx.response().putHeader("Content-Type", "application/yaml").end(openApi[0]);
                return;
            }
            vertx.fileSystem().readFile("webroot/openapi.yaml").onComplete(ar -> {
                if (ar.failed()) {
                    ctx.fail(500, ar.cause());
                    return;
                }
                openApi[0] = ar.result();
                ctx.response().putHeader("Content-Type", "application/yaml").end(ar.result());
            });
        });

        for (HttpRoutes capability : capabilities) {
            capability.mount(router, adminAuth);
        }
        // Anything else under /api still needs the token: an unauthenticated caller learns nothing of our routes.
        router.route("/api/*").handler(adminAuth).handler(ctx -> HttpErrors.send(ctx, 404, "no such endpoint"));

        router.route().failureHandler(HttpApi::failure);
        for (int status : new int[] {404, 405, 413, 415}) {
            router.errorHandler(status, ctx -> HttpErrors.send(ctx, status, HttpErrors.phrase(status)));
        }
        router.errorHandler(500, HttpApi::failure);
        return router;
    }

    private static void failure(RoutingContext ctx) {
        if (ctx.failure() instanceof InvalidInput invalid) {
            // a route's validation failed: the caller is told what is wrong, and nothing is logged as an error
            HttpErrors.send(ctx, 400, invalid.getMessage(), invalid.field());
            return;
        }
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
        if (status >= 500) {
            log.error("event=http_error method={} path={} status={}", ctx.request().method(), ctx.normalizedPath(),
                    status, ctx.failure());
        }
        HttpErrors.send(ctx, status, HttpErrors.phrase(status));
    }

    static void json(RoutingContext ctx, int status, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
    }
}
