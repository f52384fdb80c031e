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
}
