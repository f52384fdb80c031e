package dozvon.edge.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The contract's error body: {@code {"error": "...", "field": "..."}}. Never a stack trace. */
public final class HttpErrors {

    private HttpErrors() {}

    public static void send(RoutingContext ctx, int status, String error) {
        send(ctx, status, error, null);
    }

    public static void send(RoutingContext ctx, int status, String error, String field) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            return;
        }
        JsonObject body = new JsonObject().put("error", error);
        if (field != null) {
            body.put("field", field);
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body.encode());
    }

    /** A short, safe phrase for a status we produce without a specific message. */
    static String phrase(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "missing or invalid token";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 409 -> "conflict";
            case 413 -> "request body too large";
            case 415 -> "unsupported media type";
            case 429 -> "too many requests";
            case 503 -> "service unavailable";
            default -> status >= 500 ? "internal error" : "request failed";
        };
    }
}
