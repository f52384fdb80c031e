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

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The Redis client shared by presence, claims, bindings and pub/sub, with the run's key prefix. */
public final class RedisConnection {

    private static final Logger log = LoggerFactory.getLogger(RedisConnection.class);
    /** A Redis that answers nothing this long while commands wait is taken for hung (redis.commandTimeoutMillis). */
    static final Duration DEFAULT_STALL = Duration.ofMillis(3000);

    private final Vertx vertx;
    private final Redis client;
    private final String keyPrefix;
    private final Duration stall;
    /**
     * One long-lived connection that pipelines every hot-path command (claims, releases, registrations).
     * The pooled client borrows a connection per command, which caps throughput at pool size / round trip;
     * one pipelined connection keeps thousands of commands in flight, in order.
     */
    private Future<io.vertx.redis.client.RedisConnection> pipeline;
    /** The promise behind {@link #pipeline}, so that a connection given up on can be failed. */
    private Promise<io.vertx.redis.client.RedisConnection> opening;
    /** The context the pipelined connection is opened on (and answers on); null: whichever asks first. */
    private final Context home;
    /**
     * Commands sent over the pipeline and commands answered (or failed): a Redis that hangs without closing
     * the connection (a frozen host, a partition) would otherwise hold every caller's future for ever.
     */
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private long sentAtLastLook;
    private long answeredAtLastLook;
    private final long watchdog;

    private RedisConnection(Vertx vertx, Redis client, String keyPrefix, Context home, Duration stall) {
        this.vertx = vertx;
        this.client = client;
        this.keyPrefix = keyPrefix;
        this.home = home;
        this.stall = stall;
        this.watchdog = vertx.setPeriodic(stall.toMillis(), id -> lookForStall());
    }

    public static RedisConnection connect(Vertx vertx, String url, String keyPrefix) {
        return connect(vertx, url, keyPrefix, DEFAULT_STALL);
    }

    /** @param stall how long Redis may answer nothing while commands wait before the connection is reset */
    public static RedisConnection connect(Vertx vertx, String url, String keyPrefix, Duration stall) {
        Redis client = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString(url)
                .setMaxPoolSize(16)
                .setMaxPoolWaiting(10_000)
                .setMaxWaitingHandlers(100_000));
        return new RedisConnection(vertx, client, keyPrefix, null, stall);
    }

    /**
     * The same client and prefix, with a pipelined connection of its own that lives on {@code home}'s event
     * loop: the SIP loop sends a claim and reads its answer on its own thread, with no hop to another loop and
     * back (two wake-ups per claim, each waiting for that loop's current work). Closing it closes only that
     * connection.
     */
    public RedisConnection homedOn(Context home) {
        return new RedisConnection(vertx, client, keyPrefix, home, stall);
    }

    public Redis client() {
        return client;
    }

    /** Every key dozvon writes starts with this, so runs and tenants sharing a server never collide. */
    public String key(String name) {
        return keyPrefix + name;
    }

    /**
     * Sends one command over the shared pipelined connection, (re)connecting it when needed. Fails, rather than
     * waits for ever, when Redis hangs: see {@link #lookForStall()}.
     */
    public Future<Response> send(Request request) {
        Future<io.vertx.redis.client.RedisConnection> conn = pipeline();
        sent.incrementAndGet();
        return conn.compose(c -> c.send(request)).onComplete(ar -> answered.incrementAndGet()).onFailure(e -> {
            if (conn.failed()) {
                resetPipeline(conn);
            }
        });
    }

    /**
     * Every {@code stall}: when commands were already waiting at the last look and not one has been answered
     * since, Redis has answered nothing for at least {@code stall} (answers on one connection come in order).
     * The connection is closed, which fails every command waiting on it, and the next command opens a new one.
     * A late connect counts the same way. Callers see a failure, as they would on a dropped connection.
     */
    private void lookForStall() {
        long nowSent = sent.get();
        long nowAnswered = answered.get();
        Promise<io.vertx.redis.client.RedisConnection> stuck;
        synchronized (this) {
            boolean stalled = sentAtLastLook > answeredAtLastLook && nowAnswered == answeredAtLastLook;
            sentAtLastLook = nowSent;
            answeredAtLastLook = nowAnswered;
            stuck = stalled ? opening : null;
            if (stuck != null) {
                pipeline = null;
                opening = null;
            }
        }
        if (stuck != null) {
            log.warn("event=redis_stalled waiting={} stallMillis={}", nowSent - nowAnswered, stall.toMillis());
            if (!stuck.tryFail(new RedisStalledException(stall))) {
                dropSocket(stuck.future().result());
            }
        }
    }

    /**
     * Closes the socket itself, which fails every command waiting on it. {@code close()} would not: on a
     * connection from the client's pool it only hands the connection back, commands still waiting. The client
     * has no public call for this, hence its internal one.
     */
    static void dropSocket(io.vertx.redis.client.RedisConnection c) {
        if (c instanceof io.vertx.redis.client.impl.PooledRedisConnection pooled) {
            pooled.actual().forceClose();
        } else {
            c.close();
        }
    }

    /** A Redis that answered nothing for the stall time: its connection was given up. */
    public static final class RedisStalledException extends io.vertx.core.VertxException {
        RedisStalledException(Duration stall) {
            super("Redis answered nothing for " + stall.toMillis() + " ms", true);
        }
    }

    private synchronized Future<io.vertx.redis.client.RedisConnection> pipeline() {
        if (pipeline == null) {
            Promise<io.vertx.redis.client.RedisConnection> promise = Promise.promise();
            Future<io.vertx.redis.client.RedisConnection> opened = promise.future();
            pipeline = opened;
            opening = promise;
            (home == null ? client.connect() : connectOnHome()).onComplete(ar -> {
                if (ar.failed()) {
                    promise.tryFail(ar.cause());
                } else if (!promise.tryComplete(ar.result())) {
                    ar.result().close(); // given up on while it connected (lookForStall)
                }
            });
            opened.onSuccess(c -> {
                FlushCoalescing.install(c);
                c.exceptionHandler(e -> resetPipeline(opened));
                c.endHandler(v -> resetPipeline(opened));
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
            opening = null;
        }
    }

    /** Succeeds when Redis answers PING within two seconds. */
    public Future<Void> ping() {
        return client.send(Request.cmd(Command.PING)).timeout(2, TimeUnit.SECONDS).mapEmpty();
    }

    public synchronized void close() {
        vertx.cancelTimer(watchdog);
        if (pipeline != null && pipeline.succeeded()) {
            pipeline.result().close();
        }
        pipeline = null;
        if (home == null) {
            client.close();
        }
    }
}
