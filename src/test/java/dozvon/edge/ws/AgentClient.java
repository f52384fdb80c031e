package dozvon.edge.ws;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A console socket for tests: a real Vert.x WebSocket client; frames received are queued for assertions. */
final class AgentClient implements AutoCloseable {

    private final WebSocketClient client;
    private final WebSocket ws;
    private final BlockingQueue<JsonObject> inbox = new LinkedBlockingQueue<>();
    final CompletableFuture<Short> closed = new CompletableFuture<>();

    private AgentClient(WebSocketClient client, WebSocket ws) {
        this.client = client;
        this.ws = ws;
        ws.textMessageHandler(t -> inbox.add(new JsonObject(t)));
        ws.closeHandler(v -> closed.complete(ws.closeStatusCode()));
    }

    static AgentClient connect(Vertx vertx, int port, String path, String token) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 20));
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI(path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        // The handlers are set before the upgrade: a frame the server sends right after it (hello) cannot slip
        // past them. Set in the connect future's continuation instead, they came too late whenever the upgrade
        // finished before this thread attached the continuation (a loaded machine): the continuation then ran on
        // this thread, after the loop had already delivered hello to no handler (one CI run waited 10 s for it).
        ClientWebSocket ws = client.webSocket();
        AgentClient c = new AgentClient(client, ws);
        try {
            ws.connect(options).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.close();
            throw e;
        }
        return c;
    }

    /** The connection attempt's failure (e.g. the upgrade refused), or null when it connected. */
    static Throwable refusal(Vertx vertx, int port, String path, String token) {
        try (AgentClient c = connect(vertx, port, path, token)) {
            return null;
        } catch (Exception e) {
            return e.getCause() != null ? e.getCause() : e;
        }
    }

    void send(JsonObject m) {
        ws.writeTextMessage(m.encode());
    }

    void sendText(String text) {
        ws.writeTextMessage(text);
    }

    void sendFrame(WebSocketFrame frame) {
        ws.writeFrame(frame);
    }

    void sendBinary(Buffer b) {
        ws.writeBinaryMessage(b);
    }

    /**
     * The first message of this type, whether it came before others or not: messages passed over wait in
     * {@code skipped} for a later await. Fails after the timeout.
     */
    JsonObject await(String type, Duration timeout) throws InterruptedException {
        for (var it = skipped.iterator(); it.hasNext(); ) {
            JsonObject m = it.next();
            if (type.equals(m.getString("type"))) {
                it.remove();
                return m;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject m = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no " + type + " within " + timeout + "; skipped: " + skipped + busyLoops());
            }
            if (type.equals(m.getString("type"))) {
                return m;
            }
            skipped.add(m);
        }
    }

    /**
     * Event-loop threads caught doing something other than waiting for I/O, with their top frames: when a
     * message never comes, this says whether a loop was busy (and with what) or everyone sat idle.
     */
    private static String busyLoops() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, frames) -> {
            if (t.getName().startsWith("vert.x-eventloop") && frames.length > 0
                    && !frames[0].getMethodName().contains("epoll") && !frames[0].getMethodName().equals("park")) {
                out.append("\n  busy ").append(t.getName()).append(':');
                for (int i = 0; i < Math.min(4, frames.length); i++) {
                    out.append("\n    at ").append(frames[i]);
                }
            }
        });
        return out.isEmpty() ? "; every event loop idle" : out.toString();
    }

    JsonObject await(String type) throws InterruptedException {
        return await(type, Duration.ofSeconds(10));
    }

    /** Everything that arrives within {@code window}. */
    List<JsonObject> drain(Duration window) throws InterruptedException {
        List<JsonObject> out = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonObject m = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                return out;
            }
            out.add(m);
        }
    }

    final List<JsonObject> skipped = new ArrayList<>();

    boolean isClosed() {
        return ws.isClosed();
    }

    @Override
    public void close() {
        try {
            if (!ws.isClosed()) {
                ws.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception ignored) {
            // best effort
        }
        client.close();
    }
}
