package dozvon.store.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
    /** The context the pipelined connection is opened on (and answers on); null: whichever asks first. */
    private final Context home;

    private RedisConnection(Redis client, String keyPrefix, Context home) {
        this.client = client;
        this.keyPrefix = keyPrefix;
        this.home = home;
    }

    public static RedisConnection connect(Vertx vertx, String url, String keyPrefix) {
        Redis client = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(url)
                .setMaxPoolSize(16)
                .setMaxPoolWaiting(10_000)
                .setMaxWaitingHandlers(100_000));
        return new RedisConnection(client, keyPrefix, null);
    }

    /**
     * The same client and prefix, with a pipelined connection of its own that lives on {@code home}'s event
     * loop: the SIP loop sends a claim and reads its answer on its own thread, with no hop to another loop and
     * back (two wake-ups per claim, each waiting for that loop's current work). Closing it closes only that
     * connection.
     */
    public RedisConnection homedOn(Context home) {
        return new RedisConnection(client, keyPrefix, home);
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
            Future<io.vertx.redis.client.RedisConnection> connecting = home == null ? client.connect() : connectOnHome();
            pipeline = connecting;
            connecting.onSuccess(c -> {
                c.exceptionHandler(e -> resetPipeline(connecting));
                c.endHandler(v -> resetPipeline(connecting));
            });
        }
        return pipeline;
    }

    private Future<io.vertx.redis.client.RedisConnection> connectOnHome() {
        Promise<io.vertx.redis.client.RedisConnection> connected = Promise.promise();
        home.runOnContext(v -> client.connect().onComplete(connected));
        return connected.future();
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
        if (home == null) {
            client.close();
        }
    }
}
