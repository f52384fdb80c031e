package dozvon.edge.sip.b2bua;

import dozvon.app.config.DozvonConfig;
import dozvon.store.embedded.FreePort;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TestConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Legs over TCP: a call from the PBX over UDP rings a desk phone whose static contact says
 * {@code transport=tcp}, then the head's mobile through a trunk whose {@code outbound} is TCP. The gateway opens
 * each connection itself; the INVITE, CANCEL, ACK and BYE go over it and the phones' answers come back on it.
 */
class TcpLegsE2ETest {

    private static final String SALES = "+74950000000";
    private static final String CALLER = "+79005550101";
    private static RunningGateway gw;
    private static int annaPort;
    private static int mobilePort;

    @BeforeAll
    static void start() {
        Sipp.assumeInstalled();
        annaPort = FreePort.find();
        mobilePort = FreePort.find();
        DozvonConfig config = TestConfig.fresh("""
                telephony: { ringSeconds: 1, wrapUpSeconds: 0 }
                callbacks: { autoDial: false }
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"], outbound: "sip:127.0.0.1:%d;transport=tcp" } ]
                agents:
                  - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:%d;transport=tcp" }
                  - { id: igor, group: heads, mobile: "+79160000001" }
                groups:
                  - id: sales
                    head: igor
                    chain:
                      - { target: personal-or-next, rings: 2 }
                      - { target: head-mobile, seconds: 5 }
                  - id: heads
                    chain: [ { target: "number:+79160000001", seconds: 5 } ]
                numbers: [ { number: "%s", group: sales } ]
                """.formatted(mobilePort, annaPort, SALES));
        gw = RunningGateway.start(config);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void aStaticTcpPhoneIsRungAndCancelledThenTheMobileAnswersThroughATcpTrunk() {
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-ring-no-answer.xml", annaPort, 1, "-t", "t1");
             Sipp.Uas mobile = Sipp.startUas("uas-phone-answer.xml", mobilePort, 1, "-t", "t1", "-d", "200")) {
            Sipp.assertOk(Sipp.run("uac-pbx-call-answered.xml", gw.sipPort(), 1, 1, "-s", SALES,
                    "-set", "caller", CALLER, "-d", "500"), "pbx over UDP");
            Sipp.assertOk(anna.awaitDone(20), "anna's phone over TCP: INVITE, then CANCEL and the ACK of its 487");
            Sipp.assertOk(mobile.awaitDone(20), "the head's mobile over a TCP trunk: INVITE, ACK, then BYE");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> CALLER.equals(gw.lastCall().getString("caller")));
        JsonObject call = gw.lastCall();
        assertThat(call.getString("outcome")).isEqualTo("answered");
        JsonArray legs = call.getJsonArray("legs");
        assertThat(legs).hasSize(2);
        assertThat(legs.getJsonObject(0).getString("target")).isEqualTo("agent:anna");
        assertThat(legs.getJsonObject(0).getString("result")).isEqualTo("no_answer");
        assertThat(legs.getJsonObject(0).getString("ringingAt")).as("anna's 180 came back over TCP").isNotNull();
        assertThat(legs.getJsonObject(1).getString("target")).isEqualTo("number:+79160000001");
        assertThat(legs.getJsonObject(1).getString("result")).isEqualTo("answered");
    }
}
