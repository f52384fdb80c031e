package dozvon.edge.sip.b2bua;

import dozvon.app.config.DozvonConfig;
import dozvon.store.embedded.FreePort;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TcpProxy;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Admission by presence claims in flight ({@code sip.maxPendingClaims}): when Redis stops answering, calls
 * already in wait for their claims, and a new INVITE past the limit gets 503 at once instead of joining a queue
 * whose managers would ring late. When Redis answers again, the waiting calls go on.
 */
class ClaimAdmissionE2ETest {

    private static final String SALES = "+74950000001";
    private Vertx vertx;
    private TcpProxy redis;
    private RunningGateway gw;

    @BeforeEach
    void start() {
        Sipp.assumeInstalled();
        vertx = Vertx.vertx();
        URI direct = URI.create(TestStores.redisUrl());
        redis = new TcpProxy(vertx, FreePort.find(), direct.getHost(), direct.getPort() < 0 ? 6379 : direct.getPort())
                .restore();
    }

    /** A gateway whose Redis goes through the proxy; anna's phone is at {@code annaPort}. */
    private void startGateway(String sipExtra, String chain, int annaPort) {
        DozvonConfig config = TestConfig.load("""
                telephony: { ringSeconds: 1, wrapUpSeconds: 1 }
                callbacks: { autoDial: false }
                sip:
                  %s
                agents:
                  - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:%d" }
                groups:
                  - id: sales
                    chain: %s
                numbers: [ { number: "%s", group: sales } ]
                """.formatted(sipExtra.replace("\n", "\n  "), annaPort, chain, SALES), TestStores.newDatabase(),
                "redis://127.0.0.1:" + redis.port(), TestStores.newRedisPrefix(),
                Map.of("DOZVON_DATA_DIR", TestStores.tempDir("dozvon-claim-admission").toString()));
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
        startGateway("""
                trunks: [ { name: pbx, allow: ["127.0.0.1/32"] } ]
                maxPendingClaims: 1
                claimTimeoutMillis: 60000""", "[ { target: \"agent:anna\", rings: 1 } ]", FreePort.find());
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
        startGateway("""
                trunks: [ { name: pbx, allow: ["127.0.0.1/32"], outbound: "sip:127.0.0.1:%d" } ]
                claimTimeoutMillis: 300""".formatted(mobilePort),
                "[ { target: \"agent:anna\", rings: 30 }, { target: \"number:+79990000001\", seconds: 5 } ]",
                annaPort);
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

    private String annaState() {
        var agents = new io.vertx.core.json.JsonArray(gw.get("/api/agents", TestConfig.ADMIN_TOKEN).body());
        return agents.stream().map(a -> (io.vertx.core.json.JsonObject) a)
                .filter(a -> "anna".equals(a.getString("id"))).map(a -> a.getString("state")).findFirst().orElse(null);
    }

    /** The newest call with its legs, as the API shows it. */
    private io.vertx.core.json.JsonObject lastCall() {
        var list = new io.vertx.core.json.JsonArray(gw.get("/api/calls?limit=1", TestConfig.ADMIN_TOKEN).body());
        String id = list.isEmpty() ? "none" : list.getJsonObject(0).getString("callId");
        return new io.vertx.core.json.JsonObject(gw.get("/api/calls/" + id, TestConfig.ADMIN_TOKEN).body());
    }

    private double metric(String name) {
        String prefix = name + " ";
        return gw.get("/metrics", null).body().lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).trim())).findFirst().orElse(-1);
    }
}
