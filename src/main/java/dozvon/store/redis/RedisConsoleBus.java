package dozvon.store.redis;

import dozvon.core.port.ConsoleBus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The console bus on Redis pub/sub. Channels under the run's key prefix: {@code console:calls},
 * {@code console:takes} and {@code presence} (the one the presence scripts publish on). Publishing goes over a
 * pipelined connection; listening holds a dedicated connection (a subscribed connection can do nothing else),
 * proved alive by a probe that must come back, and made again with a growing delay when it drops or goes silent.
 */
public final class RedisConsoleBus implements ConsoleBus {

    private static final Logger log = LoggerFactory.getLogger(RedisConsoleBus.class);

    private final Vertx vertx;
    /** Where publishes go: the shared connection until {@link #publishOver} names the SIP loop's own. */
    private volatile RedisConnection publisher;
    private final String url;
    private final Map<Topic, String> channels = new EnumMap<>(Topic.class);
    private final Map<String, Topic> topics = new HashMap<>();
    /** Where this bus's probes go and come back (see {@link #probe}); not a topic listeners hear. */
    private final String probeChannel;
    /** Tells this bus's probes from other replicas' on the same channel. */
    private final String probeId = UUID.randomUUID().toString();
    private final Duration probeEvery;
    private long probesSent;
    private long probesHeard;
    private long probeTimer = -1;
    private volatile boolean closed;
    private Redis subscriber;
    private io.vertx.redis.client.RedisConnection connection;

    /**
     * @param url        the Redis URL, for the subscriber's own connection
     * @param probeEvery how often the subscription is proved alive, and how long a probe may take to come back
     *                   (redis.commandTimeoutMillis)
     */
    public RedisConsoleBus(Vertx vertx, RedisConnection shared, String url, Duration probeEvery) {
        this.vertx = vertx;
        this.probeEvery = probeEvery;
        this.probeChannel = shared.key("console:probe");
        this.publisher = shared;
        this.url = url;
        channels.put(Topic.CALLS, shared.key("console:calls"));
        channels.put(Topic.TAKES, shared.key("console:takes"));
        channels.put(Topic.PRESENCE, shared.key("presence"));
        channels.forEach((t, c) -> topics.put(c, t));
    }

    /**
     * Publishes from now on over {@code homed}, a pipelined connection of the same client and key prefix living
     * on the loop that publishes most (the SIP loop: every call's offer and end). A publish from that loop is
     * then written on its own thread, rather than handed to another loop's queue with a wake-up each time.
     * One connection for every publish keeps them in the order they were sent.
     */
    public void publishOver(RedisConnection homed) {
        this.publisher = homed;
    }

    /**
     * Over one pipelined connection: in order (a call's "taken" never overtakes its "offer", as it could
     * on two pooled connections) and without queueing for a pooled connection on every call.
     */
    @Override
    public CompletionStage<Void> publish(Topic topic, String payload) {
        return publisher.send(Request.cmd(Command.PUBLISH).arg(channels.get(topic)).arg(payload))
                .<Void>mapEmpty().toCompletionStage();
    }

    @Override
    public CompletionStage<Void> subscribe(BiConsumer<Topic, String> listener, Runnable onResubscribed) {
        subscriber = Redis.createClient(vertx, new RedisOptions().setConnectionString(url));
        probeTimer = vertx.setPeriodic(probeEvery.toMillis(), id -> probe(listener, onResubscribed));
        return connect(listener, onResubscribed, false).toCompletionStage();
    }

    /**
     * Connects and subscribes, within {@link #probeEvery} (a Redis that accepts the connection and answers
     * nothing would otherwise hold the bus for ever); a connection that comes later is closed.
     */
    private Future<Void> connect(BiConsumer<Topic, String> listener, Runnable onResubscribed, boolean again) {
        Future<io.vertx.redis.client.RedisConnection> connecting = subscriber.connect();
        return connecting.compose(conn -> {
            conn.handler(r -> onMessage(r, listener));
            Runnable lost = () -> lost(conn, listener, onResubscribed, "console_bus_lost");
            conn.exceptionHandler(e -> lost.run());
            conn.endHandler(v -> lost.run());
            Request sub = Request.cmd(Command.SUBSCRIBE).arg(probeChannel);
            channels.values().forEach(sub::arg);
            return conn.send(sub).map(conn);
        }).timeout(probeEvery.toMillis(), TimeUnit.MILLISECONDS).transform(ar -> {
            if (ar.failed()) {
                connecting.onSuccess(RedisConnection::dropSocket); // late, or subscribed too late
                return Future.failedFuture(ar.cause());
            }
            synchronized (this) {
                if (closed) {
                    RedisConnection.dropSocket(ar.result());
                    return Future.succeededFuture();
                }
                connection = ar.result();
                probesSent = probesHeard; // a probe still out was sent on the connection before
            }
            log.info("event=console_bus_subscribed channels={} again={}", channels.size(), again);
            if (again) {
                onResubscribed.run();
            }
            return Future.succeededFuture();
        });
    }

    /**
     * Every {@link #probeEvery}: the bus publishes a probe of its own and must hear it back on its subscription
     * before the next turn. A subscription that stopped hearing (a connection dead without a close: a
     * partition, a frozen host, a NAT that forgot it) would otherwise leave this replica's screens without pops
     * until restart, the connection still looking open. Not heard in time: the subscription is dropped and made
     * again, and the listener told to catch up.
     */
    private void probe(BiConsumer<Topic, String> listener, Runnable onResubscribed) {
        io.vertx.redis.client.RedisConnection conn;
        long next;
        synchronized (this) {
            conn = connection;
            if (closed || conn == null) {
                return; // (re)connecting: its own timeout guards it
            }
            if (probesSent > probesHeard) {
                next = -1;
            } else {
                next = ++probesSent;
            }
        }
        if (next < 0) {
            lost(conn, listener, onResubscribed, "console_bus_silent");
            return;
        }
        publisher.send(Request.cmd(Command.PUBLISH).arg(probeChannel).arg(probeId + ":" + next));
    }

    /** Drops {@code conn} if it is still the subscription, and subscribes again after a short delay. */
    private void lost(io.vertx.redis.client.RedisConnection conn, BiConsumer<Topic, String> listener,
                      Runnable onResubscribed, String event) {
        synchronized (this) {
            if (closed || connection != conn) {
                return;
            }
            connection = null;
        }
        log.warn("event={}", event);
        RedisConnection.dropSocket(conn);
        retry(listener, onResubscribed, 250);
    }

    private void retry(BiConsumer<Topic, String> listener, Runnable onResubscribed, long delayMs) {
        if (closed) {
            return;
        }
        vertx.setTimer(delayMs, id -> connect(listener, onResubscribed, true).onFailure(e -> {
            log.warn("event=console_bus_reconnect_failed error=\"{}\"", e.toString());
            retry(listener, onResubscribed, Math.min(delayMs * 2, 10_000));
        }));
    }

    private void onMessage(Response r, BiConsumer<Topic, String> listener) {
        if (r == null || (r.type() != ResponseType.PUSH && r.type() != ResponseType.MULTI) || r.size() < 3) {
            return;
        }
        if (!"message".equals(r.get(0).toString())) {
            return;
        }
        String channel = r.get(1).toString();
        if (probeChannel.equals(channel)) {
            heard(r.get(2).toString());
            return;
        }
        Topic topic = topics.get(channel);
        if (topic != null) {
            try {
                listener.accept(topic, r.get(2).toString());
            } catch (RuntimeException e) {
                log.error("event=console_bus_listener_failed topic={} error=\"{}\"", topic, e.toString(), e);
            }
        }
    }

    /** A probe came back: ours (other replicas probe the same channel) and the latest one sent. */
    private synchronized void heard(String payload) {
        if (payload.equals(probeId + ":" + probesSent)) {
            probesHeard = probesSent;
        }
    }

    public Future<Void> close() {
        closed = true;
        vertx.cancelTimer(probeTimer);
        if (subscriber != null) {
            subscriber.close();
        }
        return Future.succeededFuture();
    }
}
