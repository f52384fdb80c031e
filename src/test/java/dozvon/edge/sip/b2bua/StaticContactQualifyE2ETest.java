package dozvon.edge.sip.b2bua;

import dozvon.app.config.DozvonConfig;
import dozvon.store.embedded.FreePort;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestStores;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Qualifying static phones ({@code sip.qualify}): an OPTIONS every second; a phone that does not answer within
 * 300 ms is offline for routing, so a chain skips it at once (and says why), and it is rung again once it answers.
 */
class StaticContactQualifyE2ETest {

    private static final String SALES = "+74950000001";
    private final int annaPort = FreePort.find();
    private final int borisPort = FreePort.find();
    private Sipp.Uas anna;
    private RunningGateway gw;

    @BeforeEach
    void start() {
        Sipp.assumeInstalled();
        anna = Sipp.startUas("uas-options-200.xml", annaPort, 1000);
        DozvonConfig config = TestConfig.load("""
                telephony: { ringSeconds: 1, wrapUpSeconds: 0 }
                callbacks: { autoDial: false }
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"] } ]
                  qualify: { everySeconds: 1, timeoutMillis: 300 }
                agents:
                  - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:%d" }
                  - { id: boris, group: sales, contact: "sip:boris@127.0.0.1:%d" }
                groups:
                  - id: sales
                    chain: [ { target: "agent:boris", rings: 5 } ]
                numbers: [ { number: "%s", group: sales } ]
                """.formatted(annaPort, borisPort, SALES), TestStores.newDatabase(), TestStores.redisUrl(),
                TestStores.newRedisPrefix(),
                Map.of("DOZVON_DATA_DIR", TestStores.tempDir("dozvon-qualify").toString()));
        gw = RunningGateway.start(config);
    }

    @AfterEach
    void stop() {
        if (gw != null) {
            gw.close();
        }
        if (anna != null) {
            anna.close();
        }
    }

    @Test
    void aStaticPhoneThatDoesNotAnswerOptionsIsSkippedUntilItAnswersAgain() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.FALSE.equals(reachable("boris")));
        assertThat(reachable("anna")).as("anna's phone answers every OPTIONS").isTrue();

        // boris's 5-ring step ends at once: his phone is offline, and the trace says so
        Sipp.assertOk(Sipp.run("uac-pbx-call-480.xml", gw.sipPort(), 1, 1, "-s", SALES, "-set", "caller",
                "+79001110001"), "the call: nobody to ring, 480");
        await().atMost(Duration.ofSeconds(10)).until(() -> "+79001110001".equals(lastCall().getString("caller")));
        JsonObject call = lastCall();
        assertThat(call.getJsonArray("legs")).isEmpty();
        assertThat(call.getJsonArray("trace").encode()).containsPattern(
                "\"agent\"\\s*:\\s*\"boris\"[^}]*\"skipped\"\\s*:\\s*\"offline\"");

        // boris plugs his phone back in
        try (Sipp.Uas boris = Sipp.startUas("uas-options-200.xml", borisPort, 1000)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(reachable("boris")));
        }
    }

    private Boolean reachable(String agentId) {
        JsonObject agent = gw.agent(agentId);
        return agent == null ? null : agent.getBoolean("reachable");
    }

    private JsonObject lastCall() {
        return gw.lastCall();
    }
}
