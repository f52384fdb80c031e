package dozvon.edge.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /health/ready}: 200 when every dependency answers and we take calls; otherwise 503 naming what
 * failed, so Kubernetes takes the pod out of rotation and an SRE sees why.
 */
public final class Readiness {

    private final Map<String, Supplier<Future<Void>>> checks;
    private final BooleanSupplier accepting;

    /** @param checks name → probe, in the order they are reported; @param accepting false while draining */
    public Readiness(Map<String, Supplier<Future<Void>>> checks, BooleanSupplier accepting) {
        this.checks = new LinkedHashMap<>(checks);
        this.accepting = accepting;
    }

    public void handle(RoutingContext ctx) {
        List<String> names = new ArrayList<>(checks.keySet());
        List<Future<Void>> probes = new ArrayList<>();
        for (String name : names) {
            Future<Void> f;
            try {
                f = checks.get(name).get();
            } catch (RuntimeException e) {
                f = Future.failedFuture(e);
            }
            probes.add(f);
        }
        Future.join(probes).onComplete(ignored -> {
            JsonObject results = new JsonObject();
            boolean ok = accepting.getAsBoolean();
            for (int i = 0; i < names.size(); i++) {
                Future<Void> f = probes.get(i);
                if (f.succeeded()) {
                    results.put(names.get(i), "up");
                } else {
                    ok = false;
                    String why = f.cause() == null || f.cause().getMessage() == null
                            ? f.cause() == null ? "failed" : f.cause().getClass().getSimpleName()
                            : f.cause().getMessage();
                    results.put(names.get(i), "down: " + why);
                }
            }
            JsonObject body = new JsonObject()
                    .put("status", ok ? "ready" : accepting.getAsBoolean() ? "not_ready" : "draining")
                    .put("checks", results);
            ctx.response().setStatusCode(ok ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end(body.encode());
        });
    }
}
