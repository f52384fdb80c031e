package dozvon.store.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;

import java.util.concurrent.TimeUnit;

/** The Redis client shared by presence, claims, bindings and pub/sub, with the run's key prefix. */
public final class RedisConnection {

    private final Redis client;
    private final String keyPrefix;

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

    /** Succeeds when Redis answers PING within two seconds. */
    public Future<Void> ping() {
        return client.send(Request.cmd(Command.PING)).timeout(2, TimeUnit.SECONDS).mapEmpty();
    }

    public void close() {
        client.close();
    }
}
