package dozvon.testsupport;

import dozvon.app.Gateway;
import dozvon.app.config.DozvonConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** An in-process gateway for tests, with a small blocking HTTP client aimed at it. */
public final class RunningGateway implements AutoCloseable {

    private final Gateway gateway;
    /** A request's own timeout ends once the headers are in, so {@link #send} bounds the whole exchange. */
    private final HttpClient http = TestHttp.client(Duration.ofSeconds(5));

    private RunningGateway(Gateway gateway) {
        this.gateway = gateway;
    }

    public static RunningGateway start(DozvonConfig config) {
        return start(config, g -> { });
    }

    /** @param beforeStart what to set on the gateway before it starts (e.g. a notification watcher) */
    public static RunningGateway start(DozvonConfig config, java.util.function.Consumer<Gateway> beforeStart) {
        Gateway g = new Gateway(config);
        beforeStart.accept(g);
        try {
            g.start().toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            g.stopBlocking();
            throw new IllegalStateException("gateway did not start", e);
        }
        return new RunningGateway(g);
    }

    public Gateway gateway() {
        return gateway;
    }

    public int sipPort() {
        return gateway.sipPort();
    }

    public String base() {
        return "http://127.0.0.1:" + gateway.httpPort();
    }

    /** The newest call with its legs and trace, as {@code GET /api/calls/{id}} shows it (empty JSON: none yet). */
    public io.vertx.core.json.JsonObject lastCall() {
        var list = new io.vertx.core.json.JsonArray(get("/api/calls?limit=1", TestConfig.ADMIN_TOKEN).body());
        String id = list.isEmpty() ? "none" : list.getJsonObject(0).getString("callId");
        return new io.vertx.core.json.JsonObject(get("/api/calls/" + id, TestConfig.ADMIN_TOKEN).body());
    }

    /** An agent as {@code GET /api/agents} shows it, or null when there is no such agent. */
    public io.vertx.core.json.JsonObject agent(String id) {
        var agents = new io.vertx.core.json.JsonArray(get("/api/agents", TestConfig.ADMIN_TOKEN).body());
        return agents.stream().map(a -> (io.vertx.core.json.JsonObject) a).filter(a -> id.equals(a.getString("id")))
                .findFirst().orElse(null);
    }

    public HttpResponse<String> get(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b.build());
    }

    public HttpResponse<String> send(String method, String path, String bearer, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        var exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            return exchange.get(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            exchange.cancel(true);
            throw new AssertionError("no complete answer to " + request.method() + " " + request.uri() + " in 20 s");
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof java.io.IOException io ? new java.io.UncheckedIOException(io)
                    : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        gateway.stopBlocking();
    }
}
