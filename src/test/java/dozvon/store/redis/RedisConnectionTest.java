package dozvon.store.redis;

import dozvon.testsupport.TcpProxy;
import dozvon.testsupport.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipelined connection against a real Redis behind a proxy that can freeze: a Redis that hangs without
 * closing the connection fails the commands waiting on it instead of holding them for ever, and the next
 * command, once Redis answers again, goes over a new connection.
 */
class RedisConnectionTest {

    private static final Duration STALL = Duration.ofMillis(300);

    private Vertx vertx;
    private TcpProxy proxy;
    private RedisConnection redis;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        proxy = TcpProxy.toRedis(vertx);
        redis = RedisConnection.connect(vertx, proxy.redisUrl(), TestStores.newRedisPrefix(), STALL);
    }

    @AfterEach
    void stop() {
        redis.close();
        proxy.close();
        vertx.close();
    }

    @Test
    void commandsWaitingOnAHungRedisFailAndTheNextConnectionServes() throws Exception {
        assertThat(ping().toString()).isEqualTo("PONG");
        proxy.freeze();
        Future<Response> first = redis.send(Request.cmd(Command.PING));
        Future<Response> second = redis.send(Request.cmd(Command.ECHO).arg("held"));
        assertThatThrownBy(() -> await(first)).isInstanceOf(ExecutionException.class);
        assertThatThrownBy(() -> await(second)).isInstanceOf(ExecutionException.class);
        proxy.thaw();
        assertThat(await(redis.send(Request.cmd(Command.ECHO).arg("again"))).toString()).isEqualTo("again");
    }

    @Test
    void aConnectThatRedisNeverAnswersFailsItsCommands() throws Exception {
        proxy.freeze(); // before the first command: the connection's handshake itself hangs
        assertThatThrownBy(() -> ping()).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(RedisConnection.RedisStalledException.class);
        proxy.thaw();
        assertThat(ping().toString()).isEqualTo("PONG");
    }

    @Test
    void aBusyButAnsweringRedisIsNotTakenForHung() throws Exception {
        // answers keep coming for longer than the stall time: no command fails
        long until = System.nanoTime() + STALL.toNanos() * 4;
        int sent = 0;
        while (System.nanoTime() < until) {
            assertThat(ping().toString()).isEqualTo("PONG");
            sent++;
        }
        assertThat(sent).isPositive();
    }

    private Response ping() throws Exception {
        return await(redis.send(Request.cmd(Command.PING)));
    }

    private static Response await(Future<Response> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
