package dozvon.edge.http;

import dozvon.core.presence.AgentProfile;
import dozvon.store.pg.CallRecordSpool;
import dozvon.store.pg.PgCallHistory;
import dozvon.store.pg.PgCallRecords;
import dozvon.store.pg.PgDatabase;
import dozvon.store.redis.AgentInfo;
import dozvon.store.redis.RedisConnection;
import dozvon.store.redis.RedisPresenceStore;
import dozvon.testsupport.TestHttp;
import dozvon.testsupport.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP API as the gateway serves it ({@link HttpApi#router} plus the routes under test) on real stores: a
 * fresh Postgres database and Redis key prefix of this test's own, an HTTP server on a free port, and a small
 * blocking client aimed at it.
 */
final class ApiServer implements AutoCloseable {

    static final String TOKEN = "test-admin-token";

    final Vertx vertx = Vertx.vertx();
    private final HttpClient http = TestHttp.client(Duration.ofSeconds(5));
    private final List<Runnable> closing = new ArrayList<>();
    private final List<HttpRoutes> routes = new ArrayList<>();
    private HttpServer server;

    PgCallRecords records;
    PgDatabase db;
    RedisConnection redis;
    RedisPresenceStore presence;

    /** Postgres migrated, call records written straight through {@link PgCallRecords#insert}, and the calls routes. */
    ApiServer withCalls() {
        db = TestStores.migrated(vertx, TestStores.newDatabase(), 4);
        closing.add(db::close);
        CallRecordSpool spool = new CallRecordSpool(vertx, TestStores.tempDir("dozvon-http-spool"), new AtomicLong());
        await(spool.open());
        closing.add(() -> await(spool.close()));
        records = new PgCallRecords(db.pool(), spool, "r1", vertx.getOrCreateContext());
        routes.add(new CallsRoutes(new PgCallHistory(db.pool())));
        return this;
    }

    /** Redis presence synced with these agents (all with static contacts, so reachable), and the agents routes. */
    ApiServer withAgents(List<AgentProfile> agents) {
        return withAgents(agents, agents);
    }

    /** As {@link #withAgents(List)}, with only {@code synced} known to Redis (as before the gateway's sync). */
    ApiServer withAgents(List<AgentProfile> agents, List<AgentProfile> synced) {
        redis = RedisConnection.connect(vertx, TestStores.redisUrl(), TestStores.newRedisPrefix());
        closing.add(redis::close);
        presence = new RedisPresenceStore(redis, "r1", Duration.ofSeconds(30));
        await(presence.loadScripts());
        await(presence.syncAgents(synced.stream()
                .map(a -> new AgentInfo(a.id(), a.group(), "sip:" + a.id() + "@127.0.0.1:5071", true)).toList()));
        routes.add(new AgentsRoutes(agents, presence, presence));
        return this;
    }

    /** Any other routes, e.g. over a fake port. */
    ApiServer with(HttpRoutes more) {
        routes.add(more);
        return this;
    }

    ApiServer start() {
        Router router = HttpApi.router(vertx, TOKEN, 64 * 1024, new Readiness(Map.of(), () -> true), () -> "",
                routes);
        server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
        return this;
    }

    HttpResponse<String> get(String path) {
        return send("GET", path, TOKEN, null, null);
    }

    HttpResponse<String> put(String path, String contentType, String body) {
        return send("PUT", path, TOKEN, contentType, body);
    }

    HttpResponse<String> send(String method, String path, String bearer, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(Future<T> f) {
        return await(f.toCompletionStage());
    }

    static <T> T await(CompletionStage<T> s) {
        try {
            return s.toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        if (server != null) {
            await(server.close());
        }
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).run();
        }
        vertx.close().await();
    }
}
