package dozvon.edge.sip.b2bua;

import dozvon.app.config.DozvonConfig;
import dozvon.store.embedded.FreePort;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The forwarding chain end to end: the gateway in-process with real Postgres and Redis, SIPp as the PBX, the
 * managers' phones and the head's mobile, over UDP; each call checked in Postgres afterwards. Ring cycles are
 * 1 s so a whole chain takes seconds; timings are asserted only as lower bounds (a timer never fires early).
 */
class ForwardingChainE2ETest {

    private static final String SALES = "+74950000000";
    private static final String NIGHT = "+74950000002";
    private static final String CALLER = "+79001234567";

    private static RunningGateway gw;
    private static String db;
    private static int annaPort;
    private static int borisPort;
    private static int mobilePort;

    @BeforeAll
    static void start() {
        Sipp.assumeInstalled();
        annaPort = FreePort.find();
        borisPort = FreePort.find();
        mobilePort = FreePort.find();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        DozvonConfig config = TestConfig.fresh("""
                telephony: { ringSeconds: 1, wrapUpSeconds: 1 }
                callbacks: { autoDial: false }   # missed calls here must not bring the dialer to these phones
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"], outbound: "sip:127.0.0.1:%d",
                              username: dozvon-trunk, password: trunk-secret } ]
                agents:
                  - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:%d" }
                  - { id: boris, group: sales, contact: "sip:boris@127.0.0.1:%d" }
                  - { id: igor, group: heads, mobile: "+79160000001" }
                  - { id: rita, group: desk, password: "rita-secret" }
                groups:
                  - id: sales
                    head: igor
                    chain:
                      - { target: personal-or-next, rings: 3 }
                      - { target: next, rings: 2 }
                      - { target: head-mobile, seconds: 3 }
                  - id: heads
                    chain: [ { target: "number:+79160000001", seconds: 5 } ]
                  - id: desk
                    chain: [ { target: next, rings: 3 } ]
                  - id: night
                    head: igor
                    hours: { timezone: UTC, weekly: { mon-sun: "00:00-24:00" }, holidays: ["%s", "%s", "%s"] }
                numbers:
                  - { number: "%s", group: sales }
                  - { number: "%s", group: night }
                  - { number: "+74950000003", group: desk }
                blacklist: ["+7999*"]
                """.formatted(mobilePort, annaPort, borisPort, today.minusDays(1), today, today.plusDays(1),
                SALES, NIGHT));
        db = config.postgres().url();
        gw = RunningGateway.start(config);
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    /** Calls left agents in wrap-up (1 s): every test starts with both managers available again. */
    @BeforeEach
    void managersAvailable() {
        await().atMost(Duration.ofSeconds(15)).until(() -> metric("dozvon_agents{state=\"available\"}") >= 3
                && metric("dozvon_calls_active") == 0);
    }

    private static Sipp.Result call(String scenario, String dialed, String caller, String... extra) {
        List<String> args = new ArrayList<>(List.of("-s", dialed, "-set", "caller", caller));
        args.addAll(List.of(extra));
        return Sipp.run(scenario, gw.sipPort(), 1, 1, args.toArray(String[]::new));
    }

    @Test
    void theDefaultChainRingsTheFirstManagerThenTheNextThenTheHeadsMobile() throws Exception {
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-ring-no-answer.xml", annaPort, 1);
             Sipp.Uas boris = Sipp.startUas("uas-phone-ring-no-answer.xml", borisPort, 1);
             // the trunk to the head's mobile challenges the gateway (401) and checks its credentials
             Sipp.Uas mobile = Sipp.startUas("uas-trunk-challenge-401-answer.xml", mobilePort, 1, "-d", "200")) {
            Sipp.assertOk(call("uac-pbx-call-answered.xml", SALES, CALLER, "-d", "500"), "pbx");
            Sipp.assertOk(anna.awaitDone(20), "anna's phone");
            Sipp.assertOk(boris.awaitDone(20), "boris's phone");
            Sipp.assertOk(mobile.awaitDone(20), "head's mobile behind a trunk with digest auth");
        }
        CallRow call = lastCall();
        assertThat(call.outcome).isEqualTo("answered");
        assertThat(call.answeredBy).as("the head's mobile is not an agent").isNull();
        List<LegRow> legs = legs(call.id);
        assertThat(legs).extracting(l -> l.result).containsExactly("no_answer", "no_answer", "answered");
        assertThat(List.of(legs.get(0).target, legs.get(1).target)).containsExactlyInAnyOrder("agent:anna", "agent:boris");
        assertThat(legs.get(2).target).isEqualTo("number:+79160000001");
        // Each step lasts its configured time (3 rings, 2 rings of 1 s), and its legs stop as the next step starts.
        io.vertx.core.json.JsonArray steps = new io.vertx.core.json.JsonArray(trace(call.id));
        assertThat(steps).hasSize(3);
        java.time.Instant step1 = java.time.Instant.parse(steps.getJsonObject(0).getString("startedAt"));
        java.time.Instant step2 = java.time.Instant.parse(steps.getJsonObject(1).getString("startedAt"));
        java.time.Instant step3 = java.time.Instant.parse(steps.getJsonObject(2).getString("startedAt"));
        assertThat(Duration.between(step1, step2)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(Duration.between(step2, step3)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(steps.getJsonObject(0).getString("endedBy")).isEqualTo("timed_out");
        assertThat(steps.getJsonObject(1).getString("endedBy")).isEqualTo("timed_out");
        assertThat(legs.get(0).ended).isBeforeOrEqualTo(legs.get(1).started);
        assertThat(legs.get(1).ended).isBeforeOrEqualTo(legs.get(2).started);
        assertThat(trace(call.id)).contains("\"timed_out\"", "\"answered\"");

        // the same call through the admin API: every leg and why it ended
        var api = gw.get("/api/calls/" + call.id, TestConfig.ADMIN_TOKEN);
        assertThat(api.statusCode()).isEqualTo(200);
        io.vertx.core.json.JsonObject body = new io.vertx.core.json.JsonObject(api.body());
        assertThat(body.getString("outcome")).isEqualTo("answered");
        assertThat(body.getJsonArray("legs")).hasSize(3);
        assertThat(body.getJsonArray("trace")).hasSize(3);
        assertThat(gw.get("/api/calls?limit=1", TestConfig.ADMIN_TOKEN).body()).contains(call.id);
    }

    @Test
    void nobodyAnsweringEndsIn480AndAMissedCall() throws Exception {
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-ring-no-answer.xml", annaPort, 1);
             Sipp.Uas boris = Sipp.startUas("uas-phone-ring-no-answer.xml", borisPort, 1);
             Sipp.Uas mobile = Sipp.startUas("uas-phone-ring-no-answer.xml", mobilePort, 1)) {
            Sipp.assertOk(call("uac-pbx-call-480.xml", SALES, CALLER), "pbx");
            Sipp.assertOk(anna.awaitDone(20), "anna's phone");
            Sipp.assertOk(boris.awaitDone(20), "boris's phone");
            Sipp.assertOk(mobile.awaitDone(20), "head's mobile");
        }
        CallRow call = lastCall();
        assertThat(call.outcome).isEqualTo("missed");
        assertThat(call.finalCode).isEqualTo(480);
        assertThat(legs(call.id)).extracting(l -> l.result).containsExactly("no_answer", "no_answer", "no_answer");
    }

    @Test
    void aBusyManagerIsSkippedAndTheSkipIsRecorded() throws Exception {
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-answer.xml", annaPort, 1, "-d", "100");
             Sipp.Uas boris = Sipp.startUas("uas-phone-answer.xml", borisPort, 1, "-d", "100")) {
            // The first call is answered and talks for 6 s; the second comes while the first manager talks.
            Thread first = new Thread(() -> Sipp.assertOk(call("uac-pbx-call-answered.xml", SALES, "+79001111111",
                    "-d", "6000"), "first pbx call"));
            first.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> metric("dozvon_agents{state=\"on_call\"}") >= 1);
            Sipp.assertOk(call("uac-pbx-call-answered.xml", SALES, "+79002222222", "-d", "200"), "second pbx call");
            first.join(20_000);
            Sipp.assertOk(anna.awaitDone(20), "anna's phone");
            Sipp.assertOk(boris.awaitDone(20), "boris's phone");
        }
        CallRow second = lastCallFrom("+79002222222");
        CallRow first = lastCallFrom("+79001111111");
        assertThat(first.outcome).isEqualTo("answered");
        assertThat(second.outcome).isEqualTo("answered");
        assertThat(second.answeredBy).isNotEqualTo(first.answeredBy);
        assertThat(legs(second.id)).hasSize(1);
        assertThat(trace(second.id)).containsPattern("\"agent\"\\s*:\\s*\"" + first.answeredBy + "\"[^}]*\"skipped\"\\s*:\\s*\"busy\"");
    }

    @Test
    void theCallerHangingUpWhileItRingsIsAnAbandonedCall() throws Exception {
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-ring-no-answer.xml", annaPort, 1);
             Sipp.Uas boris = Sipp.startUas("uas-phone-ring-no-answer.xml", borisPort, 1)) {
            Sipp.assertOk(call("uac-pbx-call-cancel-after-ring.xml", SALES, CALLER, "-d", "1000"), "pbx");
            Sipp.Result a = anna.awaitDone(3);
            Sipp.Result b = boris.awaitDone(3);
            assertThat(a.allSucceeded() || b.allSucceeded()).as("the ringing phone got CANCEL").isTrue();
        }
        CallRow call = lastCall();
        assertThat(call.outcome).isEqualTo("abandoned");
        assertThat(legs(call.id)).singleElement().satisfies(l -> assertThat(l.result).isEqualTo("cancelled"));
        await().atMost(Duration.ofSeconds(5)).until(() -> metric("dozvon_agents{state=\"ringing\"}") == 0);
    }

    @Test
    void aHoldReInviteIsRelayedToThePhoneAndItsAnswerBack() throws Exception {
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-answer-hold.xml", annaPort, 1, "-d", "100");
             Sipp.Uas boris = Sipp.startUas("uas-phone-answer-hold.xml", borisPort, 1, "-d", "100")) {
            Sipp.assertOk(call("uac-pbx-call-hold.xml", SALES, CALLER, "-d", "300"), "pbx holding the call");
            Sipp.Result a = anna.awaitDone(3);
            Sipp.Result b = boris.awaitDone(3);
            assertThat(a.allSucceeded() ^ b.allSucceeded()).as("exactly the answering phone saw the hold").isTrue();
        }
        assertThat(lastCall().outcome).isEqualTo("answered");
    }

    @Test
    void aManagerWithoutAStaticPhoneIsRungAtTheAddressHerPhoneRegisteredFrom() throws Exception {
        int phonePort = FreePort.find();
        // the phone registers (digest) from phonePort, then listens there for calls
        Sipp.Result reg = Sipp.runFrom("uac-register-digest-200.xml", gw.sipPort(), phonePort,
                "-s", "rita", "-au", "rita", "-ap", "rita-secret");
        Sipp.assertOk(reg, "rita's phone registering");
        try (Sipp.Uas rita = Sipp.startUas("uas-phone-answer.xml", phonePort, 1, "-d", "100")) {
            Sipp.assertOk(call("uac-pbx-call-answered.xml", "+74950000003", CALLER, "-d", "200"), "pbx");
            Sipp.assertOk(rita.awaitDone(20), "rita's registered phone");
        }
        CallRow call = lastCall();
        assertThat(call.outcome).isEqualTo("answered");
        assertThat(call.answeredBy).isEqualTo("rita");
    }

    @Test
    void refusedCallsAreAnsweredAndRecorded() throws Exception {
        Sipp.assertOk(call("uac-pbx-call-404.xml", "+70000000000", CALLER), "unknown number");
        assertThat(lastCall().outcome).isEqualTo("rejected");
        assertThat(lastCall().finalCode).isEqualTo(404);

        Sipp.assertOk(call("uac-pbx-call-603.xml", SALES, "+79990000000"), "blacklisted caller");
        CallRow blocked = lastCall();
        assertThat(blocked.outcome).isEqualTo("rejected");
        assertThat(blocked.finalCode).isEqualTo(603);
        assertThat(blocked.reason).isEqualTo("blacklisted +7999*");

        Sipp.assertOk(call("uac-pbx-call-480.xml", NIGHT, CALLER), "off hours");
        CallRow night = lastCall();
        assertThat(night.outcome).isEqualTo("off_hours");
        assertThat(night.finalCode).isEqualTo(480);
        assertThat(legs(night.id)).isEmpty();
    }

    // ------------------------------------------------------------------------------------- Postgres

    record CallRow(String id, String outcome, String answeredBy, Integer finalCode, String reason) {}

    record LegRow(String target, String result, java.time.Instant started, java.time.Instant ended) {}

    private static CallRow lastCall() throws Exception {
        return lastCallWhere("true", null);
    }

    private static CallRow lastCallFrom(String caller) throws Exception {
        return lastCallWhere("caller = ?", caller);
    }

    /** Records are written asynchronously after the call ends: wait for the row. */
    private static CallRow lastCallWhere(String where, String param) throws Exception {
        CallRow[] found = new CallRow[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (Connection c = TestStores.jdbc(db);
                 var st = c.prepareStatement("SELECT id, outcome, answered_by, final_code, reason FROM calls WHERE "
                         + where + " ORDER BY arrived_at DESC LIMIT 1")) {
                if (param != null) {
                    st.setString(1, param);
                }
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    found[0] = new CallRow(rs.getString(1), rs.getString(2), rs.getString(3),
                            (Integer) rs.getObject(4), rs.getString(5));
                    return true;
                }
            }
        });
        return found[0];
    }

    private static List<LegRow> legs(String callId) throws Exception {
        List<LegRow> out = new ArrayList<>();
        try (Connection c = TestStores.jdbc(db);
             var st = c.prepareStatement("SELECT target, result, started_at, ended_at FROM call_legs WHERE call_id = ? "
                     + "ORDER BY leg_no")) {
            st.setString(1, callId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    Timestamp ended = rs.getTimestamp(4);
                    out.add(new LegRow(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            ended == null ? null : ended.toInstant()));
                }
            }
        }
        return out;
    }

    private static String trace(String callId) throws Exception {
        try (Connection c = TestStores.jdbc(db);
             var st = c.prepareStatement("SELECT trace::text FROM calls WHERE id = ?")) {
            st.setString(1, callId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static double metric(String series) {
        String body = gw.get("/metrics", null).body();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
