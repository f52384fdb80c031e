package dozvon.store.redis;

import dozvon.core.presence.AgentState;
import dozvon.core.presence.ClaimResult;
import dozvon.core.presence.ClaimedAgent;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static dozvon.store.redis.PresenceFixture.await;
import static dozvon.store.redis.PresenceFixture.claim;
import static org.assertj.core.api.Assertions.assertThat;

/** Many calls on several replicas (own Vertx, own Redis pool each) race for a few agents. */
class ConcurrentClaimsTest {

    private static final int REPLICAS = 4;
    private static final int CALLS = 200;
    private static final List<String> AGENTS = List.of("a1", "a2", "a3", "a4", "a5");

    private final List<Vertx> vertxes = new ArrayList<>();
    private final List<RedisConnection> connections = new ArrayList<>();

    @AfterEach
    void tearDown() {
        connections.forEach(RedisConnection::close);
        vertxes.forEach(v -> v.close().await());
    }

    @Test
    void eachAgentIsClaimedByExactlyOneCall() {
        String prefix = TestStores.newRedisPrefix();
        List<RedisPresenceStore> stores = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            Vertx vertx = Vertx.vertx();
            RedisConnection redis = RedisConnection.connect(vertx, TestStores.redisUrl(), prefix);
            vertxes.add(vertx);
            connections.add(redis);
            stores.add(new RedisPresenceStore(redis, "r" + i, Duration.ofSeconds(10)));
        }
        await(stores.get(0).syncAgents(AGENTS.stream().map(a -> new AgentInfo(a, "g", "sip:" + a, true)).toList()));

        List<CompletableFuture<ClaimResult>> claims = new ArrayList<>();
        for (int c = 0; c < CALLS; c++) {
            RedisPresenceStore store = stores.get(c % REPLICAS);
            // a mix of targets, all started before any answer comes back
            var target = switch (c % 3) {
                case 0 -> new dozvon.core.chain.StepTarget.Next();
                case 1 -> new dozvon.core.chain.StepTarget.AllFree();
                default -> new dozvon.core.chain.StepTarget.Agent(AGENTS.get(c % AGENTS.size()));
            };
            claims.add(store.claim(claim("call-" + c, "g", target, null)).toCompletableFuture());
        }
        CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new)).join();

        Map<String, String> holderOf = new HashMap<>();
        for (int c = 0; c < CALLS; c++) {
            for (ClaimedAgent agent : claims.get(c).join().claimed()) {
                String before = holderOf.put(agent.agentId(), "call-" + c);
                assertThat(before).as("%s claimed twice", agent.agentId()).isNull();
            }
        }
        assertThat(holderOf).containsOnlyKeys(AGENTS);
        RedisConnection any = connections.get(0);
        for (String agent : AGENTS) {
            assertThat(PresenceFixture.state(any, agent)).isEqualTo(AgentState.RINGING);
            assertThat(PresenceFixture.field(any, agent, "call")).isEqualTo(holderOf.get(agent));
        }
    }
}
