package dozvon.edge.ws;

import dozvon.store.redis.RedisConnection;
import dozvon.store.redis.RedisLoginFailures;
import dozvon.testsupport.MutableClock;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-in throttle on the machine's real Redis: two replicas' throttles count the same failures. */
class LoginThrottleTest {

    private Vertx vertx;
    private RedisConnection redis;
    private final MutableClock clock = new MutableClock(Instant.parse("2027-03-01T10:00:00Z"));
    private LoginThrottle replicaA;
    private LoginThrottle replicaB;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        redis = RedisConnection.connect(vertx, TestStores.redisUrl(), TestStores.newRedisPrefix());
        var failures = new RedisLoginFailures(redis);
        replicaA = new LoginThrottle("agent:", 3, Duration.ofSeconds(5), Duration.ofHours(1), failures, clock);
        replicaB = new LoginThrottle("agent:", 3, Duration.ofSeconds(5), Duration.ofHours(1), failures, clock);
    }

    @AfterEach
    void tearDown() {
        redis.close();
        vertx.close().await();
    }

    @Test
    void failuresOnEitherReplicaAddUpThenBlockForADoublingDelayUpToTheMaximum() throws Exception {
        await(replicaA.failed("zoe"));
        await(replicaB.failed("zoe"));
        assertThat(await(replicaA.blocked("zoe"))).as("two failures are free").isEmpty();
        await(replicaA.failed("zoe"));
        assertThat(await(replicaB.blocked("zoe"))).contains(Duration.ofSeconds(1));
        clock.advance(Duration.ofMillis(1500));
        assertThat(await(replicaB.blocked("zoe"))).as("the block has run out").isEmpty();
        await(replicaB.failed("zoe"));
        assertThat(await(replicaA.blocked("zoe"))).contains(Duration.ofSeconds(2));
        for (int i = 0; i < 5; i++) {
            await(replicaA.failed("zoe"));
        }
        assertThat(await(replicaA.blocked("zoe"))).as("at most the maximum").contains(Duration.ofSeconds(5));
        assertThat(await(replicaA.blocked("anna"))).as("another agent is not blocked").isEmpty();
    }

    @Test
    void aSuccessClearsTheCount() throws Exception {
        for (int i = 0; i < 3; i++) {
            await(replicaA.failed("zoe"));
        }
        await(replicaB.succeeded("zoe"));
        assertThat(await(replicaA.blocked("zoe"))).isEmpty();
        await(replicaA.failed("zoe"));
        assertThat(await(replicaA.blocked("zoe"))).as("counting starts over").isEmpty();
    }

    @Test
    void theDelayDoublesFromOneSecondOnceTheFreeFailuresAreUsed() {
        assertThat(replicaA.delayAfter(2)).isEqualTo(Optional.empty());
        assertThat(replicaA.delayAfter(3)).contains(Duration.ofSeconds(1));
        assertThat(replicaA.delayAfter(4)).contains(Duration.ofSeconds(2));
        assertThat(replicaA.delayAfter(5)).contains(Duration.ofSeconds(4));
        assertThat(replicaA.delayAfter(1000)).contains(Duration.ofSeconds(5));
    }

    private static <T> T await(CompletionStage<T> s) throws Exception {
        return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
