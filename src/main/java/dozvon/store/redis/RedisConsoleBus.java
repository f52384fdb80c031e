package dozvon.store.redis;

import dozvon.core.port.ConsoleBus;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * The console bus on Redis pub/sub. Channels under the run's key prefix: {@code console:calls},
 * {@code console:takes} and {@code presence} (the one the presence scripts publish on). Publishing goes through
 * the shared client; listening holds a dedicated connection (a subscribed connection can do nothing else),
 * reconnected with a growing delay when it drops.
 */
public final class RedisConsoleBus implements ConsoleBus {

    private static final Logger log = LoggerFactory.getLogger(RedisConsoleBus.class);

    private final Vertx vertx;
    private final RedisConnection shared;
    /** Where publishes go: the shared connection until {@link #publishOver} names the SIP loop's own. */
    private volatile RedisConnection publisher;
    private final String url;
    private final Map<Topic, String> channels = new EnumMap<>(Topic.class);
    private final Map<String, Topic> topics = new HashMap<>();
    private volatile boolean closed;
    private Redis subscriber;
    private io.vertx.redis.client.RedisConnection connection;

    /** @param url the Redis URL, for the subscriber's own connection */
    public RedisConsoleBus(Vertx vertx, RedisConnection shared, String url) {
        this.vertx = vertx;
        this.shared = shared;
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
        return connect(listener, onResubscribed, false).toCompletionStage();
    }

    private Future<Void> connect(BiConsumer<Topic, String> listener, Runnable onResubscribed, boolean again) {
        return subscriber.connect().compose(conn -> {
            connection = conn;
            conn.handler(r -> onMessage(r, listener));
            Runnable lost = () -> {
                if (!closed && connection == conn) {
                    connection = null;
                    log.warn("event=console_bus_lost");
                    retry(listener, onResubscribed, 250);
                }
            };
            conn.exceptionHandler(e -> lost.run());
            conn.endHandler(v -> lost.run());
            Request sub = Request.cmd(Command.SUBSCRIBE);
            channels.values().forEach(sub::arg);
            return conn.send(sub).map(r -> {
                log.info("event=console_bus_subscribed channels={} again={}", channels.size(), again);
                if (again) {
                    onResubscribed.run();
                }
                return (Void) null;
            });
        });
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
        Topic topic = topics.get(r.get(1).toString());
        if (topic != null) {
            try {
                listener.accept(topic, r.get(2).toString());
            } catch (RuntimeException e) {
                log.error("event=console_bus_listener_failed topic={} error=\"{}\"", topic, e.toString(), e);
            }
        }
    }

    public Future<Void> close() {
        closed = true;
        Promise<Void> done = Promise.promise();
        if (subscriber != null) {
            subscriber.close();
        }
        done.complete();
        return done.future();
    }
}
