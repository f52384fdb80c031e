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
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

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
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
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
