package dozvon.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP pass-through to a real server (Postgres, Redis) that a test can cut and restore: while cut, connections
 * in use are closed and new ones refused, which is what the gateway sees when the database goes away — without
 * touching the shared server itself. Frozen, it keeps every connection open and forwards nothing: a server that
 * has stopped answering. Silenced, the connections open at that moment carry nothing any more, while new ones do.
 */
public final class TcpProxy implements AutoCloseable {

    private final Vertx vertx;
    private final int port;
    private final String targetHost;
    private final int targetPort;
    private final NetClient client;
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    /** The client sides: paused while frozen, so nothing they send reaches the server. */
    private final Set<NetSocket> clients = ConcurrentHashMap.newKeySet();
    /** Client sides whose connection carries nothing any more, either way, though it stays open. */
    private final Set<NetSocket> silenced = ConcurrentHashMap.newKeySet();
    private volatile boolean frozen;
    /** Reads from client sides forwarded so far: how many writes the clients' bytes arrived in, give or take. */
    private final java.util.concurrent.atomic.AtomicInteger readsFromClients = new java.util.concurrent.atomic.AtomicInteger();
    private NetServer server;

    public TcpProxy(Vertx vertx, int port, String targetHost, int targetPort) {
        this.vertx = vertx;
        this.port = port;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.client = vertx.createNetClient();
    }

    /** A proxy in front of the tests' Redis, on a free port, forwarding. */
    public static TcpProxy toRedis(Vertx vertx) {
        java.net.URI direct = java.net.URI.create(TestStores.redisUrl());
        return new TcpProxy(vertx, dozvon.store.embedded.FreePort.find(), direct.getHost(),
                direct.getPort() < 0 ? 6379 : direct.getPort()).restore();
    }

    /** The URL of Redis through this proxy. */
    public String redisUrl() {
        return "redis://127.0.0.1:" + port;
    }

    /** How many reads the proxy has made from its clients' sides so far. */
    public int readsFromClients() {
        return readsFromClients.get();
    }

    public int port() {
        return port;
    }

    public synchronized TcpProxy restore() {
        server = await(vertx.createNetServer().connectHandler(in -> {
            in.pause();
            open.add(in);
            client.connect(targetPort, targetHost).onComplete(ar -> {
                if (ar.failed()) {
                    in.close();
                    return;
                }
                NetSocket out = ar.result();
                open.add(out);
                in.handler(b -> {
                    readsFromClients.incrementAndGet();
                    if (!silenced.contains(in)) {
                        out.write(b);
                    }
                });
                out.handler(b -> {
                    if (!silenced.contains(in)) {
                        in.write(b);
                    }
                });
                in.closeHandler(v -> { open.remove(in); clients.remove(in); silenced.remove(in); out.close(); });
                out.closeHandler(v -> { open.remove(out); in.close(); });
                clients.add(in);
                if (!frozen) {
                    in.resume();
                }
            });
        }).listen(port, "127.0.0.1"));
        return this;
    }

    /** The server stops answering: what clients send is held, not forwarded, on open and new connections. */
    public void freeze() {
        frozen = true;
        clients.forEach(NetSocket::pause);
    }

    /** What was held goes through, and everything after it. */
    public void thaw() {
        frozen = false;
        clients.forEach(NetSocket::resume);
    }

    /**
     * Every connection open now goes dead without closing: what either side sends is dropped, for good. New
     * connections work. A partition that healed, or a NAT that forgot the flow, leaves exactly this behind.
     */
    public void silenceOpenConnections() {
        silenced.addAll(clients);
    }

    /** Stops listening and drops every connection through it. */
    public synchronized void cut() {
        if (server != null) {
            await(server.close());
            server = null;
        }
        open.forEach(NetSocket::close);
        open.clear();
    }

    @Override
    public void close() {
        cut();
        client.close();
    }

    private static <T> T await(io.vertx.core.Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
