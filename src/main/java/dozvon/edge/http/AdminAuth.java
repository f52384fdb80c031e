package dozvon.edge.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** {@code Authorization: Bearer <http.adminToken>} for the admin API; compared in constant time. */
public final class AdminAuth implements Handler<RoutingContext> {

    private final byte[] token;

    public AdminAuth(String adminToken) {
        this.token = adminToken.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (isAdmin(ctx.request().getHeader("Authorization"))) {
            ctx.next();
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"dozvon\"");
            HttpErrors.send(ctx, 401, "missing or invalid admin token (Authorization: Bearer <token>)");
        }
    }

    public boolean isAdmin(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }
}
