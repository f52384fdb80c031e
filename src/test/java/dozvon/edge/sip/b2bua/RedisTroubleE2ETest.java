package dozvon.edge.sip.b2bua;

import dozvon.app.config.DozvonConfig;
import dozvon.core.chain.CallCommand;
import dozvon.core.chain.StepTarget;
import dozvon.core.presence.ClaimedAgent;
import dozvon.store.embedded.FreePort;
import dozvon.store.redis.RedisConnection;
import dozvon.store.redis.RedisPresenceStore;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TcpProxy;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence when Redis misbehaves, with Redis behind a proxy that can freeze it. Admission by presence claims in
 * flight ({@code sip.maxPendingClaims}): calls already in wait for their claims, and a new INVITE past the limit
 * gets 503 at once instead of joining a queue whose managers would ring late. A claim not answered within
 * {@code sip.claimTimeoutMillis} is given up and the chain goes on. Managers a claim took late, or whose release
 * was lost, are given back.
 */
class RedisTroubleE2ETest {

    private static final String SALES = "+74950000001";
    private static final String ANNA_ONLY = "[ { target: \"agent:anna\", rings: 1 } ]";
    private Vertx vertx;
    private TcpProxy redis;
    private RunningGateway gw;
    private String keyPrefix;

    @BeforeEach
    void start() {
        Sipp.assumeInstalled();
        vertx = Vertx.vertx();
        redis = TcpProxy.toRedis(vertx);
    }

    /** A gateway whose Redis goes through the proxy; anna's phone is at {@code annaPort}. */
    private void startGateway(String trunk, String chain, int annaPort, int claimTimeoutMillis) {
        keyPrefix = TestStores.newRedisPrefix();
        DozvonConfig config = TestConfig.load("""
                telephony: { ringSeconds: 1, wrapUpSeconds: 1 }
                callbacks: { autoDial: false }
                sip:
                  trunks: [ %s ]
                  maxPendingClaims: 1   # the first test's limit; the others never have two claims in flight
                agents:
                  - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:%d" }
                groups:
                  - id: sales
                    chain: %s
                numbers: [ { number: "%s", group: sales } ]
                """.formatted(trunk, annaPort, chain, SALES), TestStores.newDatabase(),
                redis.redisUrl(), keyPrefix,
                Map.of("DOZVON_DATA_DIR", TestStores.tempDir("dozvon-redis-trouble").toString(),
                        "DOZVON_SIP_CLAIMTIMEOUTMILLIS", Integer.toString(claimTimeoutMillis),
                        // the connection is not dropped while frozen: the claims here stay in flight, and run late
                        "DOZVON_REDIS_COMMANDTIMEOUTMILLIS", "120000"));
        gw = RunningGateway.start(config);
    }

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
        redis.close();
        vertx.close().await();
    }

    @Test
    void whileRedisDoesNotAnswerCallsPastTheClaimsInFlightLimitGet503AndLateClaimsGiveTheirManagersBack()
            throws Exception {
        // anna's phone is not there: once her claim is answered, her leg goes unanswered and the chain ends (480);
        // claims are waited for far longer than the test runs, so they stay in flight while Redis is frozen
        startGateway("{ name: pbx, allow: [\"127.0.0.1/32\"] }", ANNA_ONLY, FreePort.find(), 60_000);
        redis.freeze();
        // Each call's step runs out (1 s) with its claim unanswered: the call ends 480, its claim stays in flight
        Sipp.assertOk(Sipp.run("uac-pbx-call-480.xml", gw.sipPort(), 1, 1, "-s", SALES, "-set", "caller",
                "+79001110001"), "first call");
        Sipp.assertOk(Sipp.run("uac-pbx-call-480.xml", gw.sipPort(), 1, 1, "-s", SALES, "-set", "caller",
                "+79001110002"), "second call");
        // two claims in flight, the limit is one: the next INVITE is refused at once
        Sipp.assertOk(Sipp.run("uac-pbx-call-503.xml", gw.sipPort(), 1, 1, "-s", SALES, "-set", "caller",
                "+79001110003"), "third call, past the limit: 503");
        assertThat(metric("dozvon_calls_refused_overload_total")).isEqualTo(1);
        assertThat(metric("dozvon_claims_pending")).as("the admission signal SREs see").isEqualTo(2);
        // the loop itself is not behind: its UDP socket is read empty
        assertThat(gw.get("/metrics", null).body()).contains("dozvon_sip_udp_backlog_seconds 0.0");

        // Redis answers: the first claim took anna for a call that is over, and gives her back
        redis.thaw();
        await().atMost(Duration.ofSeconds(10)).until(() -> "available".equals(annaState()));
        assertThat(metric("dozvon_claims_pending")).isZero();
        // calls are admitted again, and anna is rung for the next one
        Sipp.assertOk(Sipp.run("uac-pbx-call-480.xml", gw.sipPort(), 1, 1, "-s", SALES, "-set", "caller",
                "+79001110004"), "fourth call, after Redis came back");
        assertThat(metric("dozvon_calls_refused_overload_total")).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> "+79001110004".equals(lastCall().getString("caller")));
        assertThat(lastCall().getJsonArray("legs")).hasSize(1);
        assertThat(lastCall().getJsonArray("legs").getJsonObject(0).getString("agent")).isEqualTo("anna");
    }

    @Test
    void aClaimRedisDoesNotAnswerIsGivenUpSoTheChainGoesOnAndAManagerItTookLateIsGivenBack() throws Exception {
        int annaPort = FreePort.find();
        int mobilePort = FreePort.find();
        // anna's step lasts 30 s: only a claim given up after 300 ms gets the call to the mobile within SIPp's
        // 10 s wait for an answer
        startGateway("{ name: pbx, allow: [\"127.0.0.1/32\"], outbound: \"sip:127.0.0.1:%d\" }".formatted(mobilePort),
                "[ { target: \"agent:anna\", rings: 30 }, { target: \"number:+79990000001\", seconds: 5 } ]",
                annaPort, 300);
        redis.freeze();
        try (Sipp.Uas mobile = Sipp.startUas("uas-phone-answer.xml", mobilePort, 1, "-d", "100")) {
            Sipp.assertOk(Sipp.run("uac-pbx-call-answered.xml", gw.sipPort(), 1, 1, "-s", SALES, "-set", "caller",
                    "+79001110005", "-d", "200"), "the call, answered on the mobile while Redis is frozen");
            Sipp.assertOk(mobile.awaitDone(20), "mobile");
        }
        assertThat(metric("dozvon_claims_timed_out_total")).isEqualTo(1);
        assertThat(metric("dozvon_claims_pending")).as("a given-up claim is no longer in flight").isZero();

        // Redis answers: it runs the held claim, which takes anna for a call that no longer wants her; she is
        // given back, so the next call rings her (a manager left "ringing" would be skipped for ever)
        redis.thaw();
        await().atMost(Duration.ofSeconds(10)).until(() -> "+79001110005".equals(lastCall().getString("caller")));
        var first = lastCall();
        assertThat(first.getString("outcome")).isEqualTo("answered");
        assertThat(first.getJsonArray("legs")).hasSize(1);
        assertThat(first.getJsonArray("legs").getJsonObject(0).getString("target")).isEqualTo("number:+79990000001");
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-answer.xml", annaPort, 1, "-d", "100")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> "available".equals(annaState()));
            Sipp.assertOk(Sipp.run("uac-pbx-call-answered.xml", gw.sipPort(), 1, 1, "-s", SALES, "-set", "caller",
                    "+79001110006", "-d", "200"), "the next call, answered by anna");
            Sipp.assertOk(anna.awaitDone(20), "anna");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> "+79001110006".equals(lastCall().getString("caller")));
        assertThat(lastCall().getJsonArray("legs").getJsonObject(0).getString("agent")).isEqualTo("anna");
        assertThat(metric("dozvon_claims_timed_out_total")).isEqualTo(1);
    }

    @Test
    void aManagerHeldForACallThisReplicaNoLongerHasIsGivenBackByThePresenceSweep() {
        startGateway("{ name: pbx, allow: [\"127.0.0.1/32\"] }", ANNA_ONLY, FreePort.find(), 1000);
        // the gateway's replica holds anna for a call it does not have, as when its release was lost
        RedisConnection store = RedisConnection.connect(vertx, TestStores.redisUrl(), keyPrefix);
        try {
            var presence = new RedisPresenceStore(store, gatewayReplica(store), Duration.ofSeconds(1));
            var claimed = presence.claim(new CallCommand.ClaimTargets("gone", "sales", 0, 0,
                    new StepTarget.Agent("anna"), null, List.of())).toCompletableFuture().join();
            assertThat(claimed.claimed()).extracting(ClaimedAgent::agentId).containsExactly("anna");
            assertThat(annaState()).isEqualTo("ringing");
            // two sweeps, 5 s apart, find the hold orphaned before it is released
            await().atMost(Duration.ofSeconds(20)).until(() -> "available".equals(annaState()));
        } finally {
            store.close();
        }
    }

    /** The id the gateway's replica claims under: its heartbeat key is the only one under the test's prefix. */
    private static String gatewayReplica(RedisConnection store) {
        var keys = store.send(Request.cmd(Command.KEYS).arg(store.key("replica:*"))).toCompletionStage()
                .toCompletableFuture().join();
        assertThat(keys.size()).isEqualTo(1);
        return keys.get(0).toString().substring(store.key("replica:").length());
    }

    private String annaState() {
        var anna = gw.agent("anna");
        return anna == null ? null : anna.getString("state");
    }

    private io.vertx.core.json.JsonObject lastCall() {
        return gw.lastCall();
    }

    private double metric(String name) {
        String prefix = name + " ";
        return gw.get("/metrics", null).body().lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).trim())).findFirst().orElse(-1);
    }
}
