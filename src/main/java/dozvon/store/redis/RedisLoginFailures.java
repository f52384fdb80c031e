package dozvon.store.redis;

import dozvon.core.port.LoginFailures;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Failed sign-ins in Redis: {@code <prefix>login:<key>:n} counts them (expiring {@code forgetAfter} after the
 * last), {@code <prefix>login:<key>:until} holds the end of a block (epoch ms).
 */
public final class RedisLoginFailures implements LoginFailures {

    private final RedisConnection redis;

    public RedisLoginFailures(RedisConnection redis) {
        this.redis = redis;
    }

    @Override
    public CompletionStage<Long> failed(String key, Duration forgetAfter) {
        String n = redis.key("login:" + key + ":n");
        return redis.send(Request.cmd(Command.INCR).arg(n))
                .compose(count -> redis.send(Request.cmd(Command.PEXPIRE).arg(n).arg(forgetAfter.toMillis()))
                        .map(v -> count.toLong()))
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Void> block(String key, Instant until, Duration keepFor) {
        return redis.send(Request.cmd(Command.SET).arg(redis.key("login:" + key + ":until"))
                        .arg(until.toEpochMilli()).arg("PX").arg(Math.max(1, keepFor.toMillis())))
                .<Void>mapEmpty().toCompletionStage();
    }

    @Override
    public CompletionStage<Optional<Instant>> blockedUntil(String key) {
        return redis.send(Request.cmd(Command.GET).arg(redis.key("login:" + key + ":until")))
                .map(r -> r == null ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(r.toLong())))
                .toCompletionStage();
    }

    @Override
    public CompletionStage<Void> cleared(String key) {
        return redis.send(Request.cmd(Command.DEL).arg(redis.key("login:" + key + ":n"))
                        .arg(redis.key("login:" + key + ":until")))
                .<Void>mapEmpty().toCompletionStage();
    }
}
