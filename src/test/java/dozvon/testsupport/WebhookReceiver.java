package dozvon.testsupport;

import dozvon.edge.notify.WebhookSignature;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver as a user would write one: a real HTTP server on a port of its own that checks each
 * request's signature with the shared secret and records it. It deduplicates nothing, so tests can count what
 * was really sent. Answers 200, or the statuses queued with {@link #answerNext}; refuses unsigned requests 401.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request as received. */
    public record Received(String deliveryKey, String event, JsonObject body, boolean signatureValid,
                           String authorization) {}

    private final Vertx vertx;
    private final String secret;
    private final int port;
    private final java.time.Clock clock;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();
    private HttpServer server;

    /** @param clock the receiver's idea of now, for the signature's timestamp check (virtual in tests) */
    public WebhookReceiver(Vertx vertx, String secret, int port, java.time.Clock clock) {
        this.clock = clock;
        this.vertx = vertx;
        this.secret = secret;
        this.port = port;
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hooks/dozvon";
    }

    public synchronized void answerNext(int... codes) {
        for (int c : codes) {
            statuses.add(c);
        }
    }

    private synchronized int nextStatus() {
        Integer s = statuses.poll();
        return s == null ? 200 : s;
    }

    public WebhookReceiver start() {
        try {
            server = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(body -> {
                byte[] bytes = body.getBytes();
                boolean valid = WebhookSignature.verify(secret, req.getHeader(WebhookSignature.HEADER), bytes,
                        clock.instant().getEpochSecond(), 300);
                received.add(new Received(req.getHeader("X-Dozvon-Delivery"), req.getHeader("X-Dozvon-Event"),
                        new JsonObject(body), valid, req.getHeader("Authorization")));
                req.response().setStatusCode(valid ? nextStatus() : 401).end();
            })).listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("webhook receiver did not start on " + port, e);
        }
        return this;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public long count(String deliveryKey) {
        return received.stream().filter(r -> deliveryKey.equals(r.deliveryKey())).count();
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the test's vertx closes it anyway
            }
            server = null;
        }
    }
}
