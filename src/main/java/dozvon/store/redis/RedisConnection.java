package dozvon.store.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.util.concurrent.TimeUnit;

/** The Redis client shared by presence, claims, bindings and pub/sub, with the run's key prefix. */
public final class RedisConnection {

    private final Redis client;
    private final String keyPrefix;
    /**
     * One long-lived connection that pipelines every hot-path command (claims, releases, registrations).
     * The pooled client borrows a connection per command, which caps throughput at pool size / round trip;
     * one pipelined connection keeps thousands of commands in flight, in order.
     */
    private Future<io.vertx.redis.client.RedisConnection> pipeline;

    private RedisConnection(Redis client, String keyPrefix) {
        this.client = client;
        this.keyPrefix = keyPrefix;
    }

    public static RedisConnection connect(Vertx vertx, String url, String keyPrefix) {
        Redis client = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(url)
                .setMaxPoolSize(16)
                .setMaxPoolWaiting(10_000)
                .setMaxWaitingHandlers(100_000));
        return new RedisConnection(client, keyPrefix);
    }

    public Redis client() {
        return client;
    }

    /** Every key dozvon writes starts with this, so runs and tenants sharing a server never collide. */
    public String key(String name) {
        return keyPrefix + name;
    }

    /** Sends one command over the shared pipelined connection, (re)connecting it when needed. */
    public Future<Response> send(Request request) {
        Future<io.vertx.redis.client.RedisConnection> conn = pipeline();
        return conn.compose(c -> c.send(request)).onFailure(e -> {
            if (conn.failed()) {
                resetPipeline(conn);
            }
        });
    }

    private synchronized Future<io.vertx.redis.client.RedisConnection> pipeline() {
        if (pipeline == null) {
            Future<io.vertx.redis.client.RedisConnection> connecting = client.connect();
            pipeline = connecting;
            connecting.onSuccess(c -> {
                c.exceptionHandler(e -> resetPipeline(connecting));
                c.endHandler(v -> resetPipeline(connecting));
            });
        }
        return pipeline;
    }

    private synchronized void resetPipeline(Future<io.vertx.redis.client.RedisConnection> broken) {
        if (pipeline == broken) {
            pipeline = null; // the next command connects afresh
        }
    }

    /** Succeeds when Redis answers PING within two seconds. */
    public Future<Void> ping() {
        return client.send(Request.cmd(Command.PING)).timeout(2, TimeUnit.SECONDS).mapEmpty();
    }

    public synchronized void close() {
        if (pipeline != null && pipeline.succeeded()) {
            pipeline.result().close();
        }
        pipeline = null;
        client.close();
    }
}
