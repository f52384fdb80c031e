package dozvon.edge.sip.b2bua;

import dozvon.app.config.DozvonConfig;
import dozvon.store.embedded.FreePort;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The variant chain: every free manager rings at once; the first to answer gets the caller, the others are
 * cancelled, and a phone whose 200 crosses the CANCEL is ACKed and hung up.
 */
class AllFreeChainE2ETest {

    private static RunningGateway gw;
    private static String db;
    private static int annaPort;
    private static int borisPort;

    @BeforeAll
    static void start() {
        Sipp.assumeInstalled();
        annaPort = FreePort.find();
        borisPort = FreePort.find();
        DozvonConfig config = TestConfig.fresh("""
                telephony: { ringSeconds: 1, wrapUpSeconds: 1 }
                callbacks: { autoDial: false }   # abandoned calls here must not bring the dialer to these phones
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"] } ]
                  maxActiveCalls: 1
                agents:
                  - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:%d" }
                  - { id: boris, group: sales, contact: "sip:boris@127.0.0.1:%d" }
                groups:
                  - id: sales
                    chain: [ { target: all-free, seconds: 20 } ]
                numbers: [ { number: "+74950000001", group: sales } ]
                """.formatted(annaPort, borisPort));
        db = config.postgres().url();
        gw = RunningGateway.start(config);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void pastTheActiveCallLimitANewCallGets503() throws Exception {
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-ring-no-answer.xml", annaPort, 1);
             Sipp.Uas boris = Sipp.startUas("uas-phone-ring-no-answer.xml", borisPort, 1)) {
            Sipp.Result[] first = new Sipp.Result[1];
            Thread ringing = new Thread(() -> first[0] = Sipp.run("uac-pbx-call-cancel-after-ring.xml", gw.sipPort(), 1, 1,
                    "-s", "+74950000001", "-set", "caller", "+79006666666", "-d", "3000"));
            ringing.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> gw.get("/metrics", null).body()
                    .contains("dozvon_calls_active 1.0"));
            Sipp.Result second = Sipp.run("uac-pbx-call-503.xml", gw.sipPort(), 1, 1,
                    "-s", "+74950000001", "-set", "caller", "+79007777777");
            assertThat(second.allSucceeded()).as("second call: %s", second.output()).isTrue();
            ringing.join(20_000);
            assertThat(first[0].allSucceeded()).as("first call: %s", first[0].output()).isTrue();
            // both phones of the abandoned first call got their CANCEL
            Sipp.assertOk(anna.awaitDone(10), "anna's phone");
            Sipp.assertOk(boris.awaitDone(10), "boris's phone");
        }
        assertThat(gw.get("/metrics", null).body()).contains("dozvon_calls_refused_overload_total 1.0");
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.get("/metrics", null).body()
                .contains("dozvon_calls_active 0.0"));
    }

    /**
     * The caller hangs up while both phones ring: the call is over when boris's 200 crosses the CANCEL. The
     * leg's transaction outlives the call, cut loose from it, and still ACKs and hangs up that answer.
     */
    @Test
    void aPhoneAnsweringAfterTheCallerHungUpIsAckedAndHungUp() throws Exception {
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-ring-no-answer.xml", annaPort, 1);
             Sipp.Uas boris = Sipp.startUas("uas-phone-answer-crossing-cancel.xml", borisPort, 1)) {
            Sipp.assertOk(Sipp.run("uac-pbx-call-cancel-after-ring.xml", gw.sipPort(), 1, 1,
                    "-s", "+74950000001", "-set", "caller", "+79008888888", "-d", "500"), "pbx");
            Sipp.assertOk(anna.awaitDone(10), "anna's phone: CANCEL");
            Sipp.assertOk(boris.awaitDone(10), "boris's phone: CANCEL, answered anyway, then ACK and BYE");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.get("/metrics", null).body()
                .contains("dozvon_calls_active 0.0"));
    }

    /** The call is over and forgotten; the caller's Call-ID alone still gets a second BYE its 200, not a 481. */
    @Test
    void aSecondByeFromTheCallerAfterTheCallEndedGets200() throws Exception {
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-answer.xml", annaPort, 1, "-d", "200");
             Sipp.Uas boris = Sipp.startUas("uas-phone-ring-no-answer.xml", borisPort, 1)) {
            Sipp.assertOk(Sipp.run("uac-pbx-call-bye-twice.xml", gw.sipPort(), 1, 1,
                    "-s", "+74950000001", "-set", "caller", "+79009999999", "-d", "300"), "pbx: BYE, then BYE again");
            Sipp.assertOk(anna.awaitDone(10), "anna's phone: answered, then BYE");
            Sipp.assertOk(boris.awaitDone(10), "boris's phone: CANCEL");
        }
    }

    @Test
    void aCancelCrossingTheAnswerHasNoEffectAndTheCallGoesOnUntilTheCallersBye() throws Exception {
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-answer.xml", annaPort, 1, "-d", "200");
             Sipp.Uas boris = Sipp.startUas("uas-phone-ring-no-answer.xml", borisPort, 1)) {
            Sipp.assertOk(Sipp.run("uac-pbx-call-cancel-after-answer.xml", gw.sipPort(), 1, 1,
                    "-s", "+74950000001", "-set", "caller", "+79008888888", "-d", "500"),
                    "pbx: 200, CANCEL (200), ACK, no BYE from the gateway, then its own BYE");
            Sipp.assertOk(anna.awaitDone(10), "anna's phone: answered, then the PBX's BYE relayed");
            Sipp.assertOk(boris.awaitDone(10), "boris's phone: CANCEL");
        }
        String[] outcome = new String[2];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection c = TestStores.jdbc(db);
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT outcome, answered_by FROM calls WHERE caller = '+79008888888'")) {
                if (!rs.next()) {
                    return false;
                }
                outcome[0] = rs.getString(1);
                outcome[1] = rs.getString(2);
                return true;
            }
        });
        assertThat(outcome).containsExactly("answered", "anna");
    }

    @Test
    void allFreeManagersRingTheFirstAnswerWinsAndACrossing200IsHungUp() throws Exception {
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-answer.xml", annaPort, 1, "-d", "500");
             Sipp.Uas boris = Sipp.startUas("uas-phone-answer-crossing-cancel.xml", borisPort, 1)) {
            Sipp.Result pbx = Sipp.run("uac-pbx-call-answered.xml", gw.sipPort(), 1, 1,
                    "-s", "+74950000001", "-set", "caller", "+79005555555", "-d", "500");
            Sipp.Result a = anna.awaitDone(20);
            Sipp.Result b = boris.awaitDone(20);
            assertThat(pbx.allSucceeded()).as("pbx: %s%nanna: %s%nboris: %s", pbx.output(), a.output(), b.output()).isTrue();
            assertThat(a.allSucceeded()).as("anna: %s", a.output()).isTrue();
            assertThat(b.allSucceeded()).as("boris got CANCEL, answered anyway, and was ACKed and hung up: %s",
                    b.output()).isTrue();
        }
        Map<String, String> results = new HashMap<>();
        String[] outcome = new String[2];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection c = TestStores.jdbc(db);
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT c.outcome, c.answered_by, l.agent_id, l.result FROM calls c JOIN call_legs l "
                                 + "ON l.call_id = c.id WHERE c.caller = '+79005555555'")) {
                results.clear();
                while (rs.next()) {
                    outcome[0] = rs.getString(1);
                    outcome[1] = rs.getString(2);
                    results.put(rs.getString(3), rs.getString(4));
                }
            }
            return results.size() == 2;
        });
        assertThat(outcome[0]).isEqualTo("answered");
        assertThat(outcome[1]).isEqualTo("anna");
        assertThat(results).containsEntry("anna", "answered").containsEntry("boris", "cancelled");
    }
}
