package dozvon.store.redis;

import dozvon.core.chain.StepTarget;
import dozvon.core.presence.AgentHold;
import dozvon.core.presence.AgentState;
import dozvon.core.presence.AgentStatus;
import dozvon.core.presence.ClaimResult;
import dozvon.core.presence.ClaimedAgent;
import dozvon.core.presence.OrphanHolds;
import dozvon.core.presence.SkipReason;
import dozvon.core.presence.SkippedAgent;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static dozvon.store.redis.PresenceFixture.await;
import static dozvon.store.redis.PresenceFixture.claim;
import static dozvon.store.redis.PresenceFixture.claimNext;
import static dozvon.store.redis.PresenceFixture.setSince;
import static dozvon.store.redis.PresenceFixture.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Presence and claims on the machine's real Redis, under a key prefix of this test's own. */
class RedisPresenceStoreTest {

    private static final Instant AT = Instant.parse("2027-03-01T10:00:00Z");

    private Vertx vertx;
    private RedisConnection redis;
    private RedisPresenceStore store;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        redis = RedisConnection.connect(vertx, TestStores.redisUrl(), TestStores.newRedisPrefix());
        store = new RedisPresenceStore(redis, "r1", Duration.ofSeconds(1));
        await(store.loadScripts());
        await(store.syncAgents(List.of(
                new AgentInfo("anna", "sales", "sip:anna@127.0.0.1:5071", true),
                new AgentInfo("boris", "sales", "sip:boris@127.0.0.1:5072", true),
                new AgentInfo("vera", "sales", "sip:vera@127.0.0.1:5073", true),
                new AgentInfo("gleb", "sales", "sip:gleb@dozvon.local", false),
                new AgentInfo("dima", "support", "sip:dima@127.0.0.1:5074", true))));
        // idle order: boris longest, then vera, then anna
        setSince(redis, "boris", 1_000);
        setSince(redis, "vera", 2_000);
        setSince(redis, "anna", 3_000);
    }

    @AfterEach
    void tearDown() {
        redis.close();
        vertx.close().await();
    }

    @Test
    void nextClaimsTheAgentIdleLongestThenTheNextOne() {
        ClaimResult first = claimNext(store, "c1", "sales");
        assertThat(first.claimed()).containsExactly(new ClaimedAgent("boris", "sip:boris@127.0.0.1:5072"));
        // gleb has no static contact and has not registered: not routable
        assertThat(first.skipped()).containsExactly(new SkippedAgent("gleb", SkipReason.OFFLINE));
        assertThat(state(redis, "boris")).isEqualTo(AgentState.RINGING);
        assertThat(PresenceFixture.field(redis, "boris", "call")).isEqualTo("c1");
        assertThat(PresenceFixture.field(redis, "boris", "replica")).isEqualTo("r1");

        assertThat(claimNext(store, "c2", "sales").claimed()).extracting(ClaimedAgent::agentId).containsExactly("vera");
        assertThat(claimNext(store, "c3", "sales").claimed()).extracting(ClaimedAgent::agentId).containsExactly("anna");

        ClaimResult none = claimNext(store, "c4", "sales");
        assertThat(none.claimed()).isEmpty();
        assertThat(none.skipped()).containsExactlyInAnyOrder(
                new SkippedAgent("anna", SkipReason.CLAIMED_BY_OTHER_CALL),
                new SkippedAgent("boris", SkipReason.CLAIMED_BY_OTHER_CALL),
                new SkippedAgent("vera", SkipReason.CLAIMED_BY_OTHER_CALL),
                new SkippedAgent("gleb", SkipReason.OFFLINE));
    }

    @Test
    void theSnapshotShowsWhoHoldsEachHeldAgentSoALostReleaseCanBeMadeGood() {
        claimNext(store, "c1", "sales");
        RedisPresenceStore otherReplica = new RedisPresenceStore(redis, "r2", Duration.ofSeconds(1));
        claimNext(otherReplica, "c2", "sales");
        assertThat(await(store.snapshot()).holds()).containsExactlyInAnyOrder(
                new AgentHold("boris", "c1", "r1"), new AgentHold("vera", "c2", "r2"));

        // r1's release of boris was lost; c1 is over on r1, c2 is not r1's to judge
        OrphanHolds orphans = new OrphanHolds("r1");
        assertThat(orphans.toRelease(await(store.snapshot()).holds(), call -> false)).isEmpty();
        List<AgentHold> release = orphans.toRelease(await(store.snapshot()).holds(), call -> false);
        assertThat(release).containsExactly(new AgentHold("boris", "c1", "r1"));
        release.forEach(h -> await(store.release(h.callId(), h.agentId(), AgentState.AVAILABLE)));
        assertThat(state(redis, "boris")).isEqualTo(AgentState.AVAILABLE);
        assertThat(state(redis, "vera")).isEqualTo(AgentState.RINGING);
        assertThat(await(store.snapshot()).holds()).containsExactly(new AgentHold("vera", "c2", "r2"));
    }

    /** Read a page at a time (Redis serves claims between pages), yet whole, sorted and counted. */
    @Test
    void aSnapshotOfAFloorLargerThanAPageHasEveryAgentOnce() {
        List<AgentInfo> floor = new java.util.ArrayList<>();
        for (int i = 0; i < RedisPresenceStore.SNAPSHOT_PAGE * 2 + 50; i++) {
            floor.add(new AgentInfo(String.format("m%04d", i), "floor", "sip:m" + i + "@127.0.0.1:5090", true));
        }
        await(store.syncAgents(floor));
        claimNext(store, "c1", "floor");
        PresenceSnapshot all = await(store.snapshot());
        List<String> ids = all.agents().stream().map(AgentStatus::agentId).toList();
        assertThat(ids).as("the floor replaced the config's five").hasSize(floor.size()).doesNotHaveDuplicates().isSorted();
        assertThat(all.counts().get(AgentState.RINGING)).isEqualTo(1);
        assertThat(all.holds()).containsExactly(new AgentHold("m0000", "c1", "r1"));
    }

    @Test
    void idleTiesGoToTheSmallerAgentId() {
        setSince(redis, "anna", 500);
        setSince(redis, "vera", 500);
        assertThat(claimNext(store, "c1", "sales").claimed()).extracting(ClaimedAgent::agentId).containsExactly("anna");
    }

    @Test
    void nextSkipsAgentsTheCallAlreadyTried() {
        ClaimResult r = claimNext(store, "c1", "sales", "boris");
        assertThat(r.claimed()).extracting(ClaimedAgent::agentId).containsExactly("vera");
        assertThat(r.skipped()).contains(new SkippedAgent("boris", SkipReason.ALREADY_TRIED));
        assertThat(state(redis, "boris")).isEqualTo(AgentState.AVAILABLE);
    }

    @Test
    void everySkipReasonIsReported() {
        await(store.setReachable("gleb", true));
        await(store.syncAgents(List.of(
                new AgentInfo("anna", "sales", "sip:anna", true), new AgentInfo("boris", "sales", "sip:boris", true),
                new AgentInfo("vera", "sales", "sip:vera", true), new AgentInfo("gleb", "sales", "sip:gleb", false),
                new AgentInfo("zoya", "sales", "sip:zoya", true), new AgentInfo("olga", "sales", "sip:olga", true),
                new AgentInfo("pavel", "sales", "sip:pavel", false))));
        assertThat(await(store.setState("anna", AgentState.AWAY, AT))).isTrue();
        assertThat(await(store.setState("zoya", AgentState.OFFLINE, AT))).isTrue();
        // boris talks on call x, vera rings for call x, olga is in wrap-up after call y
        assertThat(await(store.claimForTake("x", "boris"))).isPresent();
        await(store.markOnCall("x", "boris"));
        assertThat(await(store.claimForTake("x", "vera"))).isPresent();
        assertThat(await(store.claimForTake("y", "olga"))).isPresent();
        await(store.markOnCall("y", "olga"));
        RedisPresenceStore longWrapUp = new RedisPresenceStore(redis, "r1", Duration.ofMinutes(5));
        await(longWrapUp.release("y", "olga", AgentState.WRAP_UP));

        ClaimResult r = await(store.claim(claim("c1", "sales", new StepTarget.AllFree(), null, "gleb")));

        assertThat(r.claimed()).isEmpty();
        assertThat(r.skipped()).containsExactlyInAnyOrder(
                new SkippedAgent("anna", SkipReason.AWAY),
                new SkippedAgent("boris", SkipReason.BUSY),
                new SkippedAgent("vera", SkipReason.CLAIMED_BY_OTHER_CALL),
                new SkippedAgent("olga", SkipReason.BUSY),
                new SkippedAgent("zoya", SkipReason.OFFLINE),
                new SkippedAgent("pavel", SkipReason.OFFLINE), // available but never registered
                new SkippedAgent("gleb", SkipReason.ALREADY_TRIED));
    }

    @Test
    void allFreeClaimsEveryRoutableAgentNotTried() {
        ClaimResult r = await(store.claim(claim("c1", "sales", new StepTarget.AllFree(), null, "vera")));
        assertThat(r.claimed()).extracting(ClaimedAgent::agentId).containsExactlyInAnyOrder("anna", "boris");
        assertThat(r.skipped()).containsExactlyInAnyOrder(
                new SkippedAgent("vera", SkipReason.ALREADY_TRIED), new SkippedAgent("gleb", SkipReason.OFFLINE));
        assertThat(state(redis, "vera")).isEqualTo(AgentState.AVAILABLE);
    }

    @Test
    void personalOrNextPrefersTheManagerEvenFromAnotherGroup() {
        ClaimResult r = await(store.claim(claim("c1", "sales", new StepTarget.PersonalOrNext(), "dima")));
        assertThat(r.claimed()).extracting(ClaimedAgent::agentId).containsExactly("dima");
        assertThat(r.skipped()).isEmpty();
    }

    @Test
    void personalOrNextFallsBackToNextAndReportsWhyTheManagerWasSkipped() {
        await(store.setState("anna", AgentState.AWAY, AT));
        ClaimResult r = await(store.claim(claim("c1", "sales", new StepTarget.PersonalOrNext(), "anna")));
        assertThat(r.claimed()).extracting(ClaimedAgent::agentId).containsExactly("boris");
        assertThat(r.skipped()).containsExactlyInAnyOrder(
                new SkippedAgent("anna", SkipReason.AWAY), new SkippedAgent("gleb", SkipReason.OFFLINE));

        // the manager was tried already; boris rings for c1, anna is away, gleb unreachable: nobody is left
        ClaimResult tried = await(store.claim(claim("c2", "sales", new StepTarget.PersonalOrNext(), "vera", "vera")));
        assertThat(tried.claimed()).isEmpty();
        assertThat(tried.skipped()).containsExactlyInAnyOrder(
                new SkippedAgent("vera", SkipReason.ALREADY_TRIED), new SkippedAgent("anna", SkipReason.AWAY),
                new SkippedAgent("boris", SkipReason.CLAIMED_BY_OTHER_CALL), new SkippedAgent("gleb", SkipReason.OFFLINE));
    }

    @Test
    void personalOrNextWithoutAManagerIsNext() {
        ClaimResult r = await(store.claim(claim("c1", "sales", new StepTarget.PersonalOrNext(), null)));
        assertThat(r.claimed()).extracting(ClaimedAgent::agentId).containsExactly("boris");
    }

    @Test
    void agentTargetClaimsThatAgentOnly() {
        ClaimResult r = await(store.claim(claim("c1", "sales", new StepTarget.Agent("anna"), null)));
        assertThat(r.claimed()).containsExactly(new ClaimedAgent("anna", "sip:anna@127.0.0.1:5071"));
        assertThat(r.skipped()).isEmpty();

        assertThat(await(store.claim(claim("c2", "sales", new StepTarget.Agent("anna"), null))).skipped())
                .containsExactly(new SkippedAgent("anna", SkipReason.CLAIMED_BY_OTHER_CALL));
        assertThat(await(store.claim(claim("c2", "sales", new StepTarget.Agent("vera"), null, "vera"))).skipped())
                .containsExactly(new SkippedAgent("vera", SkipReason.ALREADY_TRIED));
        assertThat(await(store.claim(claim("c2", "sales", new StepTarget.Agent("nobody"), null))).skipped())
                .containsExactly(new SkippedAgent("nobody", SkipReason.OFFLINE));
    }

    @Test
    void releaseAndMarkOnCallOnlyByTheHoldingCall() {
        claimNext(store, "c1", "sales");
        await(store.markOnCall("c2", "boris"));
        await(store.release("c2", "boris", AgentState.AVAILABLE));
        assertThat(state(redis, "boris")).isEqualTo(AgentState.RINGING);

        await(store.markOnCall("c1", "boris"));
        assertThat(state(redis, "boris")).isEqualTo(AgentState.ON_CALL);
        await(store.release("c2", "boris", AgentState.WRAP_UP));
        assertThat(state(redis, "boris")).isEqualTo(AgentState.ON_CALL);

        await(store.release("c1", "boris", AgentState.AVAILABLE));
        assertThat(state(redis, "boris")).isEqualTo(AgentState.AVAILABLE);
        // a late second release of the same call changes nothing, not even since
        Instant since = PresenceFixture.since(redis, "boris");
        await(store.release("c1", "boris", AgentState.WRAP_UP));
        assertThat(state(redis, "boris")).isEqualTo(AgentState.AVAILABLE);
        assertThat(PresenceFixture.since(redis, "boris")).isEqualTo(since);
    }

    @Test
    void aReleasedAgentGoesToTheEndOfTheIdleQueue() {
        claimNext(store, "c1", "sales"); // boris
        await(store.release("c1", "boris", AgentState.AVAILABLE));
        assertThat(claimNext(store, "c2", "sales").claimed()).extracting(ClaimedAgent::agentId).containsExactly("vera");
    }

    @Test
    void wrapUpBecomesAvailableAfterWrapUpSecondsThroughTheSweep() {
        claimNext(store, "c1", "sales");
        await(store.markOnCall("c1", "boris"));
        await(store.release("c1", "boris", AgentState.WRAP_UP));
        assertThat(state(redis, "boris")).isEqualTo(AgentState.WRAP_UP);
        assertThat(await(store.claim(claim("c2", "sales", new StepTarget.Agent("boris"), null))).skipped())
                .containsExactly(new SkippedAgent("boris", SkipReason.BUSY));

        List<PresenceSnapshot> seen = new CopyOnWriteArrayList<>();
        PresenceSweep sweep = new PresenceSweep(vertx, store, Duration.ofMillis(100), seen::add);
        sweep.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> state(redis, "boris") == AgentState.AVAILABLE);
            await().atMost(Duration.ofSeconds(5)).until(() -> !seen.isEmpty()
                    && seen.get(seen.size() - 1).counts().get(AgentState.WRAP_UP) == 0);
        } finally {
            sweep.stop();
        }
    }

    @Test
    void oneAgentsStatusSettlesAnExpiredWrapUpBeforeAnySweep() {
        claimNext(store, "c1", "sales");
        await(store.markOnCall("c1", "boris"));
        await(store.release("c1", "boris", AgentState.WRAP_UP));
        assertThat(await(store.status("boris")).orElseThrow().state()).isEqualTo(AgentState.WRAP_UP);
        // the store's wrap-up is 1 s: asking for boris alone ends it, and says so
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                await(store.status("boris")).orElseThrow().state() == AgentState.AVAILABLE);
        assertThat(PresenceFixture.field(redis, "boris", "state")).isEqualTo("available");
    }

    @Test
    void anExpiredWrapUpIsClaimableBeforeAnySweep() {
        claimNext(store, "c1", "sales");
        await(store.markOnCall("c1", "boris"));
        await(store.release("c1", "boris", AgentState.WRAP_UP));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                await(store.claim(claim("c2", "sales", new StepTarget.Agent("boris"), null))).claimed().size() == 1);
        assertThat(PresenceFixture.field(redis, "boris", "call")).isEqualTo("c2");
    }

    @Test
    void claimsOfADeadReplicaAreFreedOnceItsHeartbeatIsGone() {
        ReplicaHeartbeat heartbeat = new ReplicaHeartbeat(vertx, redis, "r1");
        await(heartbeat.start());
        RedisPresenceStore other = new RedisPresenceStore(redis, "r2", Duration.ofSeconds(1));
        await(store.claim(claim("c1", "sales", new StepTarget.AllFree(), null)));

        // r1 alive: its claims hold
        assertThat(await(other.claim(claim("c2", "sales", new StepTarget.Agent("anna"), null))).claimed()).isEmpty();

        heartbeat.stop().toCompletionStage().toCompletableFuture().join(); // the key is deleted, as a TTL would
        ClaimResult r = await(other.claim(claim("c2", "sales", new StepTarget.AllFree(), null)));
        assertThat(r.claimed()).extracting(ClaimedAgent::agentId).containsExactlyInAnyOrder("anna", "boris", "vera");
        assertThat(PresenceFixture.field(redis, "anna", "replica")).isEqualTo("r2");

        // the dead replica's late release does not free the new call's agent
        await(store.release("c1", "anna", AgentState.AVAILABLE));
        assertThat(state(redis, "anna")).isEqualTo(AgentState.RINGING);
    }

    @Test
    void heartbeatKeyHasATtl() {
        ReplicaHeartbeat heartbeat = new ReplicaHeartbeat(vertx, redis, "r9", Duration.ofSeconds(15), Duration.ofSeconds(5));
        await(heartbeat.start());
        Response ttl = await(redis.client().send(Request.cmd(Command.PTTL).arg(redis.key("replica:r9"))));
        assertThat(ttl.toLong()).isBetween(1L, 15_000L);
        await(heartbeat.stop());
    }

    @Test
    void setStateFollowsPresenceRules() {
        assertThat(await(store.setState("anna", AgentState.AWAY, AT))).isTrue();
        assertThat(state(redis, "anna")).isEqualTo(AgentState.AWAY);
        assertThat(await(store.setState("anna", AgentState.RINGING, AT))).isFalse();
        assertThat(await(store.setState("anna", AgentState.WRAP_UP, AT))).isFalse();
        Instant since = PresenceFixture.since(redis, "anna");
        assertThat(await(store.setState("anna", AgentState.AWAY, AT))).isTrue(); // idempotent, keeps since
        assertThat(PresenceFixture.since(redis, "anna")).isEqualTo(since);
        assertThat(await(store.setState("anna", AgentState.AVAILABLE, AT))).isTrue();

        claimNext(store, "c1", "sales"); // boris rings
        assertThat(await(store.setState("boris", AgentState.AWAY, AT))).isFalse();
        await(store.markOnCall("c1", "boris"));
        assertThat(await(store.setState("boris", AgentState.OFFLINE, AT))).isFalse();
        assertThat(state(redis, "boris")).isEqualTo(AgentState.ON_CALL);
        RedisPresenceStore longWrapUp = new RedisPresenceStore(redis, "r1", Duration.ofMinutes(5));
        await(longWrapUp.release("c1", "boris", AgentState.WRAP_UP));
        assertThat(await(store.setState("boris", AgentState.AVAILABLE, AT))).isTrue(); // leaving wrap-up early
        assertThat(await(store.setState("nobody", AgentState.AVAILABLE, AT))).isFalse();
    }

    @Test
    void takeClaimsAnAvailableAgentOrConfirmsTheSameCall() {
        assertThat(await(store.claimForTake("c1", "anna"))).contains(new ClaimedAgent("anna", "sip:anna@127.0.0.1:5071"));
        assertThat(await(store.claimForTake("c1", "anna"))).isPresent(); // already ringing for this call
        assertThat(await(store.claimForTake("c2", "anna"))).isEmpty();
        assertThat(await(store.claimForTake("c2", "gleb"))).isEmpty(); // not reachable
        await(store.setReachable("gleb", true));
        assertThat(await(store.claimForTake("c2", "gleb"))).isPresent();
        assertThat(await(store.claimForTake("c2", "nobody"))).isEqualTo(Optional.empty());
    }

    @Test
    void registrationsDoNotChangeAgentsWithAStaticContact() {
        await(store.setReachable("anna", false));
        assertThat(PresenceFixture.field(redis, "anna", "reachable")).isEqualTo("1");
        await(store.setReachable("gleb", true));
        assertThat(PresenceFixture.field(redis, "gleb", "reachable")).isEqualTo("1");
        await(store.setReachable("gleb", false));
        assertThat(PresenceFixture.field(redis, "gleb", "reachable")).isEqualTo("0");
    }

    @Test
    void theRosterListsEveryAgentAndFindsOne() {
        claimNext(store, "c1", "sales"); // boris
        assertThat(await(store.statuses())).extracting(AgentStatus::agentId)
                .containsExactly("anna", "boris", "dima", "gleb", "vera");
        AgentStatus boris = await(store.status("boris")).orElseThrow();
        assertThat(boris.group()).isEqualTo("sales");
        assertThat(boris.state()).isEqualTo(AgentState.RINGING);
        assertThat(boris.callId()).isEqualTo("c1");
        assertThat(boris.reachable()).isTrue();
        assertThat(await(store.status("gleb")).orElseThrow().reachable()).isFalse();
        assertThat(await(store.status("nobody"))).isEmpty();
    }

    @Test
    void syncKeepsLiveStatesAndFollowsTheConfig() {
        await(store.setState("anna", AgentState.AWAY, AT));
        claimNext(store, "c1", "sales"); // boris
        await(store.setReachable("gleb", true));

        // restart with a changed config: vera moved to support, dima removed, zoya new
        await(store.syncAgents(List.of(
                new AgentInfo("anna", "sales", "sip:anna@127.0.0.1:5071", true),
                new AgentInfo("boris", "sales", "sip:boris@127.0.0.1:5072", true),
                new AgentInfo("vera", "support", "sip:vera@127.0.0.1:5073", true),
                new AgentInfo("gleb", "sales", "sip:gleb@dozvon.local", false),
                new AgentInfo("zoya", "sales", "sip:zoya@127.0.0.1:5075", true))));

        PresenceSnapshot snap = await(store.snapshot());
        assertThat(snap.agents()).extracting(AgentStatus::agentId).containsExactly("anna", "boris", "gleb", "vera", "zoya");
        assertThat(snap.agents()).filteredOn(a -> a.agentId().equals("anna")).extracting(AgentStatus::state)
                .containsExactly(AgentState.AWAY);
        AgentStatus boris = snap.agents().stream().filter(a -> a.agentId().equals("boris")).findFirst().orElseThrow();
        assertThat(boris.state()).isEqualTo(AgentState.RINGING);
        assertThat(boris.callId()).isEqualTo("c1");
        assertThat(snap.agents()).filteredOn(a -> a.agentId().equals("gleb")).extracting(AgentStatus::reachable)
                .containsExactly(true); // a registration survives a restart
        assertThat(snap.agents()).filteredOn(a -> a.agentId().equals("zoya"))
                .extracting(AgentStatus::state, AgentStatus::reachable).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(AgentState.AVAILABLE, true));
        assertThat(snap.counts()).containsEntry(AgentState.AVAILABLE, 3L).containsEntry(AgentState.AWAY, 1L)
                .containsEntry(AgentState.RINGING, 1L).containsEntry(AgentState.ON_CALL, 0L);
        assertThat(snap.countsByWireName()).containsEntry("available", 3L).containsEntry("wrap_up", 0L);

        ClaimResult r = await(store.claim(claim("c2", "support", new StepTarget.AllFree(), null)));
        assertThat(r.claimed()).extracting(ClaimedAgent::agentId).containsExactly("vera");
    }

    @Test
    void changesArePublishedForOtherReplicas() {
        List<String> messages = new CopyOnWriteArrayList<>();
        var subscriber = Redis.createClient(vertx, TestStores.redisUrl()).connect().await();
        subscriber.handler(msg -> {
            if (msg.size() == 3 && "message".equals(msg.get(0).toString())) {
                messages.add(msg.get(2).toString());
            }
        });
        subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(redis.key("presence"))).await();

        await(store.setState("anna", AgentState.AWAY, AT));

        await().atMost(Duration.ofSeconds(5)).until(() -> !messages.isEmpty());
        var json = new io.vertx.core.json.JsonObject(messages.get(0));
        assertThat(json.getString("agent")).isEqualTo("anna");
        assertThat(json.getString("state")).isEqualTo("away");
        assertThat(json.getLong("since")).isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(60_000L));
        subscriber.close();
    }
}
