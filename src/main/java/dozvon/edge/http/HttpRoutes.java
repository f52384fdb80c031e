package dozvon.edge.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** A capability's HTTP endpoints. Admin routes put {@code adminAuth} in front; public ones (login) do not. */
public interface HttpRoutes {
    void mount(Router router, Handler<RoutingContext> adminAuth);
}
