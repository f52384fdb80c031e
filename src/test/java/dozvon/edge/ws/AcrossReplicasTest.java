package dozvon.edge.ws;

import dozvon.app.config.DozvonConfig;
import dozvon.store.embedded.FreePort;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas sharing Postgres and Redis (same key prefix): a call arriving at replica B pops up on the
 * console of an agent connected to replica A, and A's take is forwarded over the bus to B, which owns the call.
 */
class AcrossReplicasTest {

    private static RunningGateway a;
    private static RunningGateway b;
    private static Vertx vertx;
    private static int annaPort;
    private static int mobilePort;

    @BeforeAll
    static void start() {
        Sipp.assumeInstalled();
        annaPort = FreePort.find();
        mobilePort = FreePort.find();
        String yaml = """
                telephony: { ringSeconds: 1, wrapUpSeconds: 1 }
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"], outbound: "sip:127.0.0.1:%d" } ]
                agents:
                  - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:%d", password: "anna-secret" }
                  - { id: boris, group: sales, contact: "sip:boris@127.0.0.1:%d", password: "boris-secret" }
                groups:
                  - id: sales
                    chain: [ { target: "number:+79160000009", seconds: 20 } ]
                numbers:
                  - { number: "+74950000000", group: sales }
                """.formatted(mobilePort, annaPort, FreePort.find());
        String db = TestStores.newDatabase();
        String prefix = TestStores.newRedisPrefix();
        DozvonConfig config = TestConfig.load(yaml, db, TestStores.redisUrl(), prefix, Map.of());
        a = RunningGateway.start(config);
        b = RunningGateway.start(TestConfig.load(yaml, db, TestStores.redisUrl(), prefix, Map.of()));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.close();
        }
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    /** A guesser spread over the replicas gets no more attempts than at one: the failures are counted in Redis. */
    @Test
    void failedSignInsOnBothReplicasAddUpToOneBlock() {
        String bad = "{\"agentId\":\"ghost\",\"password\":\"guess\"}";
        for (int i = 0; i < 5; i++) {
            RunningGateway replica = i % 2 == 0 ? a : b;
            assertThat(replica.send("POST", "/api/login", null, "application/json", bad).statusCode()).isEqualTo(401);
        }
        var blockedOnA = a.send("POST", "/api/login", null, "application/json", bad);
        var blockedOnB = b.send("POST", "/api/login", null, "application/json", bad);
        assertThat(blockedOnA.statusCode()).as("three failures on A, two on B: blocked on both").isEqualTo(429);
        assertThat(blockedOnB.statusCode()).isEqualTo(429);
        assertThat(blockedOnB.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void anAgentOnReplicaASeesAndTakesACallThatArrivedAtReplicaB() throws Exception {
        String annaToken = AgentSocketTest.login(a, "anna", "anna-secret");
        String borisToken = AgentSocketTest.login(b, "boris", "boris-secret");
        try (AgentClient anna = AgentClient.connect(vertx, a.gateway().httpPort(), "/ws/agent", annaToken);
             AgentClient boris = AgentClient.connect(vertx, b.gateway().httpPort(), "/ws/agent", borisToken);
             Sipp.Uas mobile = Sipp.startUas("uas-phone-ring-no-answer.xml", mobilePort, 1);
             Sipp.Uas annaPhone = Sipp.startUas("uas-phone-auto-answer.xml", annaPort, 1)) {
            anna.await("hello");
            boris.await("hello");
            CompletableFuture<Sipp.Result> pbx = CompletableFuture.supplyAsync(() -> Sipp.run("uac-pbx-call-answered.xml",
                    b.sipPort(), 1, 1, "-s", "+74950000000", "-set", "caller", "+79001112233", "-d", "1000"));

            String callId = anna.await("call.offer").getString("callId");
            assertThat(boris.await("call.offer").getString("callId")).isEqualTo(callId);
            anna.send(new JsonObject().put("type", "call.take").put("callId", callId));
            assertThat(anna.await("call.taken").getString("by")).isEqualTo("anna");
            assertThat(boris.await("call.taken").getString("by")).isEqualTo("anna");
            assertThat(anna.await("call.connected").getString("agent")).isEqualTo("anna");
            assertThat(anna.await("call.ended", Duration.ofSeconds(15)).getString("outcome")).isEqualTo("answered");

            Sipp.Result phone = annaPhone.awaitDone(10);
            assertThat(phone.allSucceeded()).as(phone.output()).isTrue();
            Sipp.Result call = pbx.get(30, TimeUnit.SECONDS);
            assertThat(call.allSucceeded()).as(call.output()).isTrue();
            assertThat(a.gateway().metrics().scrape()).as("replica A never owned the call")
                    .contains("dozvon_calls_total{outcome=\"answered\"} 0.0");
        }
    }
}
