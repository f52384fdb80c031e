package dozvon.edge.ws;

import dozvon.store.embedded.FreePort;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TcpProxy;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas; replica A reaches Redis through a proxy the test cuts. While A's console bus is down it hears
 * nothing of the calls at replica B; when it is back it asks for them again, so its agents' screens pop a call
 * offered meanwhile and close one that ended meanwhile. A bus whose connection went dead without closing notices
 * by its probe, and comes back the same way.
 */
class ConsoleBusResyncTest {

    private Vertx vertx;
    private TcpProxy redisOfA;
    private RunningGateway a;
    private RunningGateway b;
    private int mobilePort;

    @BeforeEach
    void start() {
        Sipp.assumeInstalled();
        vertx = Vertx.vertx();
        redisOfA = TcpProxy.toRedis(vertx);
        mobilePort = FreePort.find();
        String yaml = """
                telephony: { ringSeconds: 1, wrapUpSeconds: 1 }
                redis: { commandTimeoutMillis: 1000 }
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"], outbound: "sip:127.0.0.1:%d" } ]
                agents:
                  - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:%d", password: "anna-secret" }
                groups:
                  - id: sales
                    chain: [ { target: "number:+79160000009", seconds: 30 } ]
                numbers:
                  - { number: "+74950000000", group: sales }
                """.formatted(mobilePort, FreePort.find());
        String db = TestStores.newDatabase();
        String prefix = TestStores.newRedisPrefix();
        a = RunningGateway.start(TestConfig.load(yaml, db, redisOfA.redisUrl(), prefix, Map.of()));
        b = RunningGateway.start(TestConfig.load(yaml, db, TestStores.redisUrl(), prefix, Map.of()));
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        redisOfA.close();
        vertx.close().await();
    }

    @Test
    void aReplicaBackOnTheBusPopsACallOfferedMeanwhileAndClosesOneThatEndedMeanwhile() throws Exception {
        try (AgentClient anna = annaSignedInOnReplicaA();
             Sipp.Uas mobile = Sipp.startUas("uas-phone-ring-no-answer.xml", mobilePort, 1)) {
            redisOfA.cut();
            // the customer rings replica B for 6 s, then gives up; replica A hears nothing of it
            CompletableFuture<Sipp.Result> pbx = customerRingsReplicaB("+79001112233", 6000);
            Thread.sleep(500);
            redisOfA.restore();
            JsonObject offer = anna.await("call.offer", Duration.ofSeconds(5));
            assertThat(offer.getString("caller")).isEqualTo("+79001112233");
            String callId = offer.getString("callId");

            redisOfA.cut();
            Sipp.Result call = pbx.get(30, TimeUnit.SECONDS);
            assertThat(call.allSucceeded()).as(call.output()).isTrue();
            redisOfA.restore();
            JsonObject ended = anna.await("call.ended", Duration.ofSeconds(15));
            assertThat(ended.getString("callId")).isEqualTo(callId);
            assertThat(ended.getString("outcome")).as("ended while A was not listening").isEqualTo("unknown");
        }
    }

    @Test
    void aReplicaWhoseBusWentSilentWithoutAClosePopsACallOfferedAfterwards() throws Exception {
        try (AgentClient anna = annaSignedInOnReplicaA();
             Sipp.Uas mobile = Sipp.startUas("uas-phone-ring-no-answer.xml", mobilePort, 1)) {
            // every connection of replica A to Redis goes dead and stays open; new ones work
            redisOfA.silenceOpenConnections();
            CompletableFuture<Sipp.Result> pbx = customerRingsReplicaB("+79004445566", 8000);
            // the probe is missed within 2 s (commandTimeoutMillis 1000); A subscribes again and catches up
            JsonObject offer = anna.await("call.offer", Duration.ofSeconds(7));
            assertThat(offer.getString("caller")).isEqualTo("+79004445566");
            JsonObject ended = anna.await("call.ended", Duration.ofSeconds(15));
            assertThat(ended.getString("callId")).isEqualTo(offer.getString("callId"));
            Sipp.Result call = pbx.get(30, TimeUnit.SECONDS);
            assertThat(call.allSucceeded()).as(call.output()).isTrue();
        }
    }

    /** anna's console on replica A, past its hello. */
    private AgentClient annaSignedInOnReplicaA() throws Exception {
        String annaToken = AgentSocketTest.login(a, "anna", "anna-secret");
        AgentClient anna = AgentClient.connect(vertx, a.gateway().httpPort(), "/ws/agent", annaToken);
        try {
            anna.await("hello");
            return anna;
        } catch (Exception | Error e) {
            anna.close();
            throw e;
        }
    }

    /** A customer calls through replica B and hangs up after {@code millis} of ringing (nobody answers). */
    private CompletableFuture<Sipp.Result> customerRingsReplicaB(String caller, int millis) {
        return CompletableFuture.supplyAsync(() -> Sipp.run("uac-pbx-call-cancel-after-ring.xml", b.sipPort(), 1, 1,
                "-s", "+74950000000", "-set", "caller", caller, "-d", String.valueOf(millis)));
    }
}
