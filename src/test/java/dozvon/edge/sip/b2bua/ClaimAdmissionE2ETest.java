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
        // anna's phone is not there: once her claim is answered, her leg goes unanswered and the chain ends (480)
        DozvonConfig config = TestConfig.load("""
                telephony: { ringSeconds: 1, wrapUpSeconds: 1 }
                callbacks: { autoDial: false }
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"] } ]
                  maxPendingClaims: 1
                agents:
                  - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:%d" }
                groups:
                  - id: sales
                    chain: [ { target: "agent:anna", rings: 1 } ]
                numbers: [ { number: "%s", group: sales } ]
                """.formatted(FreePort.find(), SALES), TestStores.newDatabase(),
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
