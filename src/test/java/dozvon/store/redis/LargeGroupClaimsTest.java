package dozvon.store.redis;

import dozvon.core.presence.AgentState;
import dozvon.core.presence.ClaimResult;
import dozvon.core.presence.ClaimedAgent;
import dozvon.core.presence.SkipReason;
import dozvon.core.presence.SkippedAgent;
import dozvon.testsupport.TestStores;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dozvon.store.redis.PresenceFixture.await;
import static dozvon.store.redis.PresenceFixture.claimNext;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Groups larger than a floor are routed from the free-agent index alone: a claim reads a few agents, not the
 * group, and the trace lists only what the claim actually passed over.
 */
class LargeGroupClaimsTest {

    private static final int AGENTS = 100;

    private Vertx vertx;
    private RedisConnection redis;
    private RedisPresenceStore store;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        redis = RedisConnection.connect(vertx, TestStores.redisUrl(), TestStores.newRedisPrefix());
        store = new RedisPresenceStore(redis, "r1", Duration.ZERO);
        await(store.loadScripts());
        List<AgentInfo> agents = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            String id = String.format("a%03d", i);
            agents.add(new AgentInfo(id, "big", "sip:" + id + "@127.0.0.1:5071", true));
        }
        await(store.syncAgents(agents));
    }

    @AfterEach
    void tearDown() {
        redis.close();
        vertx.close().await();
    }

    @Test
    void claimsGoIdleLongestFirstWithoutListingTheWholeGroup() {
        ClaimResult first = claimNext(store, "c1", "big");
        assertThat(first.claimed()).hasSize(1);
        assertThat(first.skipped()).as("busy agents of a large group are not read, so not listed").isEmpty();
        String firstId = first.claimed().get(0).agentId();
        // released agents go to the back of the idle queue: the next claims take others first
        await(store.release("c1", firstId, AgentState.AVAILABLE));
        Set<String> claimed = new HashSet<>();
        for (int i = 0; i < AGENTS - 1; i++) {
            ClaimResult r = claimNext(store, "c" + (i + 2), "big");
            assertThat(r.claimed()).hasSize(1);
            claimed.add(r.claimed().get(0).agentId());
        }
        assertThat(claimed).hasSize(AGENTS - 1).doesNotContain(firstId);
        assertThat(claimNext(store, "c-last", "big").claimed()).extracting(ClaimedAgent::agentId).containsExactly(firstId);
        assertThat(claimNext(store, "c-none", "big").claimed()).isEmpty();
    }

    @Test
    void awayAndTriedAgentsAreNotClaimedAndTriedOnesAreReported() {
        assertThat(await(store.setState("a000", AgentState.AWAY, Instant.now()))).isTrue();
        ClaimResult r = claimNext(store, "c1", "big", "a001");
        assertThat(r.claimed()).extracting(ClaimedAgent::agentId).doesNotContain("a000", "a001");
        assertThat(r.skipped()).contains(new SkippedAgent("a001", SkipReason.ALREADY_TRIED));
        // back from away: routable again
        assertThat(await(store.setState("a000", AgentState.AVAILABLE, Instant.now()))).isTrue();
        Set<String> all = new HashSet<>();
        for (int i = 0; i < AGENTS; i++) {
            claimNext(store, "d" + i, "big").claimed().forEach(c -> all.add(c.agentId()));
        }
        assertThat(all).contains("a000");
    }

    @Test
    void concurrentClaimsNeverShareAnAgent() {
        List<Future<ClaimResult>> racing = new ArrayList<>();
        for (int i = 0; i < AGENTS + 50; i++) {
            racing.add(Future.fromCompletionStage(store.claim(PresenceFixture.claim("r" + i, "big",
                    new dozvon.core.chain.StepTarget.Next(), null))));
        }
        await(Future.join(racing));
        List<String> winners = new ArrayList<>();
        racing.forEach(f -> f.result().claimed().forEach(c -> winners.add(c.agentId())));
        assertThat(winners).hasSize(AGENTS).doesNotHaveDuplicates();
    }

    /**
     * free:<group> and wrap:<group> are what a large group is routed from, and the scripts touch them only where a
     * state change can alter them: through a random run of claims, releases (to available and to a 30 ms
     * wrap-up that lapses as the run goes), answers, away and back, and phones going unreachable and back, the
     * free index holds exactly the available and reachable agents, and the wrap-up index exactly those in
     * wrap-up.
     */
    @Test
    void theFreeAndWrapUpIndexesAgreeWithEveryAgentsStateThroughRandomChanges() {
        RedisPresenceStore wrapping = new RedisPresenceStore(redis, "r1", Duration.ofMillis(30));
        await(wrapping.loadScripts());
        java.util.Random random = new java.util.Random(20261203);
        java.util.Map<String, String> holds = new java.util.LinkedHashMap<>(); // call -> agent
        for (int op = 1; op <= 400; op++) {
            String agent = String.format("a%03d", random.nextInt(AGENTS));
            int dice = random.nextInt(100);
            if (dice < 35) {
                String call = "k" + op;
                claimNext(wrapping, call, "big").claimed().forEach(c -> holds.put(call, c.agentId()));
            } else if (dice < 60 && !holds.isEmpty()) {
                String call = pick(holds, random);
                await(wrapping.release(call, holds.remove(call), random.nextBoolean() ? AgentState.AVAILABLE : AgentState.WRAP_UP));
            } else if (dice < 70 && !holds.isEmpty()) {
                String call = pick(holds, random);
                await(wrapping.markOnCall(call, holds.get(call)));
            } else if (dice < 85) {
                await(wrapping.setState(agent, random.nextBoolean() ? AgentState.AWAY : AgentState.AVAILABLE, Instant.now()));
            } else {
                await(wrapping.setQualified(agent, random.nextInt(3) > 0));
            }
            if (op % 25 == 0) {
                assertIndexesAgreeWithStates("after operation " + op);
            }
        }
    }

    private static String pick(java.util.Map<String, String> holds, java.util.Random random) {
        return new ArrayList<>(holds.keySet()).get(random.nextInt(holds.size()));
    }

    private void assertIndexesAgreeWithStates(String when) {
        Set<String> free = new HashSet<>();
        Set<String> wrapUp = new HashSet<>();
        for (int i = 0; i < AGENTS; i++) {
            String id = String.format("a%03d", i);
            AgentState state = PresenceFixture.state(redis, id);
            if (state == AgentState.AVAILABLE && "1".equals(PresenceFixture.field(redis, id, "reachable"))) {
                free.add(id);
            } else if (state == AgentState.WRAP_UP) {
                wrapUp.add(id);
            }
        }
        assertThat(members("free:big")).as("free:big " + when).isEqualTo(free);
        assertThat(members("wrap:big")).as("wrap:big " + when).isEqualTo(wrapUp);
    }

    private Set<String> members(String key) {
        Set<String> out = new HashSet<>();
        await(redis.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.ZRANGE)
                .arg(redis.key(key)).arg(0).arg(-1))).forEach(r -> out.add(r.toString()));
        return out;
    }
}
