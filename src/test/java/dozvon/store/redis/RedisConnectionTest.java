package dozvon.store.redis;

import dozvon.testsupport.TcpProxy;
import dozvon.testsupport.TestStores;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

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
    /** The proxy's own threads: reading on the client's loop, it would see only what a whole turn wrote. */
    private Vertx proxyVertx;
    private TcpProxy proxy;
    private RedisConnection redis;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        proxyVertx = Vertx.vertx();
        proxy = TcpProxy.toRedis(proxyVertx);
        redis = RedisConnection.connect(vertx, proxy.redisUrl(), TestStores.newRedisPrefix(), STALL);
    }

    @AfterEach
    void stop() {
        redis.close();
        proxy.close();
        proxyVertx.close();
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

    /**
     * A call's commands of one turn of the SIP loop (a release and the next claim, several datagrams' worth) reach
     * Redis in one write rather than one each, and each still gets its own answer, in order.
     */
    @Test
    void commandsSentInOneTurnOfTheLoopReachRedisInOneWriteAndAreAnsweredInOrder() throws Exception {
        Context loop = vertx.getOrCreateContext();
        RedisConnection homed = redis.homedOn(loop);
        try {
            await(onLoop(loop, () -> homed.send(Request.cmd(Command.PING)))); // the connection is open
            int readsBefore = proxy.readsFromClients();
            List<Response> answers = onLoop(loop, () -> {
                List<Future<Response>> sent = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    sent.add(homed.send(Request.cmd(Command.ECHO).arg("e" + i)));
                }
                return Future.all(sent).map(all -> all.<Response>list());
            }).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(answers).extracting(Response::toString)
                    .containsExactlyElementsOf(IntStream.range(0, 20).mapToObj(i -> "e" + i).toList());
            assertThat(proxy.readsFromClients() - readsBefore).as("reads of 20 commands sent in one turn")
                    .isLessThanOrEqualTo(2);
        } finally {
            homed.close();
        }
    }

    private static <T> Future<T> onLoop(Context loop, java.util.function.Supplier<Future<T>> work) {
        Promise<T> done = Promise.promise();
        loop.runOnContext(v -> work.get().onComplete(done));
        return done.future();
    }

    private Response ping() throws Exception {
        return await(redis.send(Request.cmd(Command.PING)));
    }

    private static Response await(Future<Response> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
