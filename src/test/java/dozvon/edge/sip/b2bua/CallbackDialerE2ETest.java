package dozvon.edge.sip.b2bua;

import dozvon.app.config.DozvonConfig;
import dozvon.core.port.Notification;
import dozvon.store.embedded.FreePort;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestStores;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Callback tasks end to end: the gateway in-process on real Postgres and Redis, SIPp as the PBX, the agents'
 * phones and the trunk towards customers. A missed call becomes a task, a second call merges into it, the
 * dialer rings the agent (no SDP), then the customer with the agent's offer, and the task closes as reached;
 * a customer who never answers walks the (short) retry ladder until the task closes as unreached.
 */
class CallbackDialerE2ETest {

    private static final String SALES = "+74950000000";
    private static RunningGateway gw;
    private static String db;
    private static int annaPort;
    private static int borisPort;
    private static int trunkPort;
    private static final List<Notification> told = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        Sipp.assumeInstalled();
        annaPort = FreePort.find();
        borisPort = FreePort.find();
        trunkPort = FreePort.find();
        // Boris (desk) takes the inbound calls and never answers, so they are missed; Anna (sales) is the only
        // agent the dialer can give sales' tasks to.
        DozvonConfig config = TestConfig.fresh("""
                telephony: { ringSeconds: 1, wrapUpSeconds: 1, shortAbandonSeconds: 1 }
                callbacks: { retryAfterMinutes: [0], maxAttempts: 3, ringSeconds: 3, pollSeconds: 1,
                             spreadMinutes: 0, agentRetrySeconds: 3 }
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"], outbound: "sip:127.0.0.1:%d" } ]
                agents:
                  - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:%d" }
                  - { id: boris, group: desk, contact: "sip:boris@127.0.0.1:%d" }
                groups:
                  - id: sales
                    chain: [ { target: "agent:boris", rings: 3 } ]
                  - id: desk
                    chain: [ { target: next, rings: 1 } ]
                numbers:
                  - { number: "%s", group: sales }
                """.formatted(trunkPort, annaPort, borisPort, SALES));
        db = config.postgres().url();
        gw = RunningGateway.start(config, g -> g.notifyAlso(n -> {
            told.add(n);
            return CompletableFuture.completedFuture(null);
        }));
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void aMissedCallIsCalledBackAndTheTaskClosesWhenTheCustomerTalks() throws Exception {
        String customer = "+79001230001";
        setPresence("anna", "away"); // no agent for the dialer while the calls come in
        try (Sipp.Uas boris = Sipp.startUas("uas-phone-ring-no-answer.xml", borisPort, 2)) {
            Sipp.assertOk(Sipp.run("uac-pbx-call-480.xml", gw.sipPort(), 1, 1, "-s", SALES, "-set", "caller", customer),
                    "first call");
            JsonObject task = await().atMost(Duration.ofSeconds(10)).until(() -> openTaskOf(customer), t -> t != null);
            assertThat(task.getString("reason")).isEqualTo("missed");
            assertThat(task.getString("group")).isEqualTo("sales");
            assertThat(task.getInteger("calls")).isEqualTo(1);
            Sipp.assertOk(Sipp.run("uac-pbx-call-480.xml", gw.sipPort(), 1, 1, "-s", SALES, "-set", "caller", customer),
                    "second call");
            JsonObject merged = await().atMost(Duration.ofSeconds(10))
                    .until(() -> openTaskOf(customer), t -> t != null && t.getInteger("calls") == 2);
            assertThat(merged.getString("id")).as("the second call joined the open task").isEqualTo(task.getString("id"));
            Sipp.assertOk(boris.awaitDone(20), "boris's phone");
        }
        String taskId = openTaskOf(customer).getString("id");
        assertThat(told).anySatisfy(n -> assertThat(n.idempotencyKey()).isEqualTo("callback.created:" + taskId));
        assertThat(told).filteredOn(n -> n.idempotencyKey().equals("callback.created:" + taskId)).hasSize(1);

        io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
        io.vertx.core.http.WebSocketClient wsClient = null;
        List<JsonObject> console = new CopyOnWriteArrayList<>();
        try (Sipp.Uas anna = Sipp.startUas("uas-agent-3pcc-answer.xml", annaPort, 1, "-d", "300");
             Sipp.Uas phone = Sipp.startUas("uas-customer-answer-hang-up.xml", trunkPort, 1, "-d", "1000")) {
            // anna's console is open while the dialer rings her phone
            String token = new JsonObject(gw.send("POST", "/api/tokens/agent", TestConfig.ADMIN_TOKEN,
                    "application/json", "{\"agentId\": \"anna\"}").body()).getString("token");
            // held until the end: a client nobody references is closed by Vert.x's cleaner, its socket with it
            wsClient = vertx.createWebSocketClient();
            // the handler is set before the upgrade, so nothing sent right after it can slip past
            io.vertx.core.http.ClientWebSocket ws = wsClient.webSocket();
            ws.textMessageHandler(t -> console.add(new JsonObject(t)));
            ws.connect(new io.vertx.core.http.WebSocketConnectOptions().setHost("127.0.0.1")
                            .setPort(Integer.parseInt(gw.base().substring(gw.base().lastIndexOf(':') + 1)))
                            .setURI("/ws/agent?token=" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)))
                    .await(10, java.util.concurrent.TimeUnit.SECONDS);
            // her console lists the open task of her group; another group's agent does not see it
            JsonArray annas = new JsonArray(gw.send("GET", "/api/console/callbacks", token, null, null).body());
            assertThat(annas.stream().map(o -> ((JsonObject) o).getString("id"))).contains(taskId);
            String borisToken = new JsonObject(gw.send("POST", "/api/tokens/agent", TestConfig.ADMIN_TOKEN,
                    "application/json", "{\"agentId\": \"boris\"}").body()).getString("token");
            JsonArray boriss = new JsonArray(gw.send("GET", "/api/console/callbacks", borisToken, null, null).body());
            assertThat(boriss.stream().map(o -> ((JsonObject) o).getString("id"))).doesNotContain(taskId);
            assertThat(gw.send("GET", "/api/console/callbacks", null, null, null).statusCode()).isEqualTo(401);
            assertThat(gw.send("GET", "/api/console/callbacks", TestConfig.ADMIN_TOKEN, null, null).statusCode())
                    .as("the admin token is not an agent's").isEqualTo(401);
            setPresence("anna", "available");
            Sipp.assertOk(phone.awaitDone(30), "the customer's phone behind the trunk");
            Sipp.assertOk(anna.awaitDone(30), "anna's phone");
        } finally {
            if (wsClient != null) {
                wsClient.close();
            }
            vertx.close();
        }
        assertThat(console).anySatisfy(m -> {
            assertThat(m.getString("type")).isEqualTo("callback.assigned");
            assertThat(m.getString("taskId")).isEqualTo(taskId);
            assertThat(m.getString("phone")).isEqualTo(customer);
            assertThat(m.getString("reason")).isEqualTo("missed");
            assertThat(m.getInteger("attempt")).isEqualTo(1);
        });
        JsonObject closed = await().atMost(Duration.ofSeconds(10)).until(() -> task(taskId),
                t -> "closed".equals(t.getString("status")));
        assertThat(closed.getString("closeReason")).isEqualTo("reached");
        assertThat(closed.getInteger("attempts")).isEqualTo(1);
        JsonArray attempts = closed.getJsonArray("attemptHistory");
        assertThat(attempts).hasSize(1);
        assertThat(attempts.getJsonObject(0).getString("result")).isEqualTo("answered");
        assertThat(attempts.getJsonObject(0).getString("agent")).isEqualTo("anna");
        String callId = attempts.getJsonObject(0).getString("callId");
        Row call = await().atMost(Duration.ofSeconds(10)).until(() -> call(callId), r -> r != null);
        assertThat(call.direction).isEqualTo("outbound");
        assertThat(call.outcome).isEqualTo("answered");
        assertThat(call.dialed).isEqualTo(customer);
        assertThat(call.answeredBy).isEqualTo("anna");
        assertThat(legs(callId)).containsExactly("agent:anna=answered", "number:" + customer + "=answered");
        // both inbound calls are on record as missed, unchanged
        assertThat(inboundOutcomes(customer)).containsExactly("missed", "missed");
        assertThat(told).anySatisfy(n -> {
            assertThat(n.idempotencyKey()).isEqualTo("callback.closed:" + taskId);
            assertThat(n.data()).containsEntry("reason", "reached");
        });
    }

    @Test
    void aCustomerWhoNeverAnswersWalksTheLadderAndTheTaskClosesUnreached() throws Exception {
        String customer = "+79001230002";
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-answer.xml", annaPort, 3, "-d", "200");
             Sipp.Uas phone = Sipp.startUas("uas-phone-ring-no-answer.xml", trunkPort, 3)) {
            setPresence("anna", "available");
            HttpResponse<String> made = gw.send("POST", "/api/callbacks", TestConfig.ADMIN_TOKEN, "application/json",
                    new JsonObject().put("phone", customer).put("dueAt", Instant.now().toString())
                            .put("agent", "anna").put("reason", "invoice reminder").encode());
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            String taskId = new JsonObject(made.body()).getString("id");
            JsonObject closed = await().atMost(Duration.ofSeconds(60)).until(() -> task(taskId),
                    t -> "closed".equals(t.getString("status")));
            assertThat(closed.getString("closeReason")).isEqualTo("unreached");
            assertThat(closed.getInteger("attempts")).isEqualTo(3);
            JsonArray attempts = closed.getJsonArray("attemptHistory");
            assertThat(attempts.stream().map(a -> ((JsonObject) a).getString("result")))
                    .containsExactly("customer_unreached", "customer_unreached", "customer_unreached");
            for (Object a : attempts) {
                String callId = ((JsonObject) a).getString("callId");
                Row call = await().atMost(Duration.ofSeconds(10)).until(() -> call(callId), r -> r != null);
                assertThat(call.direction).isEqualTo("outbound");
                assertThat(call.outcome).isEqualTo("missed");
                assertThat(legs(callId)).containsExactly("agent:anna=answered", "number:" + customer + "=no_answer");
            }
            Sipp.assertOk(phone.awaitDone(20), "the customer's phone");
            Sipp.assertOk(anna.awaitDone(20), "anna's phone");
            assertThat(gw.get("/metrics", null).body())
                    .containsPattern("(?m)^dozvon_callback_attempts_total\\{result=\"customer_unreached\"} [3-9]");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(told).anySatisfy(n -> {
                assertThat(n.event()).isEqualTo("callback.closed");
                assertThat(n.idempotencyKey()).isEqualTo("callback.closed:" + taskId);
                assertThat(n.data()).containsEntry("reason", "unreached").containsEntry("attempts", 3);
            }));
        }
    }

    @Test
    void aCallerWhoHangsUpAfterWaitingGetsATaskThatCanBeClosedByHand() throws Exception {
        String customer = "+79001230004";
        setPresence("anna", "away");
        try (Sipp.Uas boris = Sipp.startUas("uas-phone-ring-no-answer.xml", borisPort, 1)) {
            // rings boris, then the caller hangs up after 1.5 s (telephony.shortAbandonSeconds is 1 here)
            Sipp.assertOk(Sipp.run("uac-pbx-call-cancel-after-ring.xml", gw.sipPort(), 1, 1, "-s", SALES, "-set", "caller",
                    customer, "-d", "1500"), "pbx");
            Sipp.assertOk(boris.awaitDone(20), "boris's phone");
        }
        JsonObject task = await().atMost(Duration.ofSeconds(10)).until(() -> openTaskOf(customer), t -> t != null);
        assertThat(task.getString("reason")).isEqualTo("abandoned");
        HttpResponse<String> closed = gw.send("PATCH", "/api/callbacks/" + task.getString("id"), TestConfig.ADMIN_TOKEN,
                "application/json", "{\"status\": \"closed\", \"note\": \"called back from a mobile\"}");
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(new JsonObject(closed.body()).getString("closeReason")).isEqualTo("manual");
        assertThat(openTaskOf(customer)).isNull();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(told).anySatisfy(n -> {
            assertThat(n.idempotencyKey()).isEqualTo("callback.closed:" + task.getString("id"));
            assertThat(n.data()).containsEntry("reason", "manual").containsEntry("closeNote", "called back from a mobile");
        }));
    }

    @Test
    void anAgentWhoDoesNotAnswerCostsTheCustomerNoAttempt() throws Exception {
        String customer = "+79001230003";
        String taskId;
        try (Sipp.Uas anna = Sipp.startUas("uas-phone-ring-no-answer.xml", annaPort, 1)) {
            setPresence("anna", "available");
            HttpResponse<String> made = gw.send("POST", "/api/callbacks", TestConfig.ADMIN_TOKEN, "application/json",
                    new JsonObject().put("phone", customer).put("dueAt", Instant.now().toString())
                            .put("group", "sales").put("reason", "demo follow-up").encode());
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            taskId = new JsonObject(made.body()).getString("id");
            Sipp.assertOk(anna.awaitDone(20), "anna's phone, not picked up (the dialer cancels it after callbacks.ringSeconds)");
        }
        JsonObject afterFirst = task(taskId);
        assertThat(afterFirst.getString("status")).isEqualTo("open");
        assertThat(afterFirst.getInteger("attempts")).as("the customer was never rung").isZero();
        // the task comes back after callbacks.agentRetrySeconds; this time the agent answers and so does the customer
        try (Sipp.Uas anna = Sipp.startUas("uas-agent-3pcc-answer.xml", annaPort, 1, "-d", "200");
             Sipp.Uas phone = Sipp.startUas("uas-customer-answer-hang-up.xml", trunkPort, 1, "-d", "500")) {
            Sipp.assertOk(phone.awaitDone(30), "the customer's phone");
            Sipp.assertOk(anna.awaitDone(30), "anna's phone");
        }
        JsonObject closed = await().atMost(Duration.ofSeconds(10)).until(() -> task(taskId),
                t -> "closed".equals(t.getString("status")));
        assertThat(closed.getString("closeReason")).isEqualTo("reached");
        assertThat(closed.getInteger("attempts")).isEqualTo(1);
        assertThat(closed.getJsonArray("attemptHistory").stream().map(a -> ((JsonObject) a).getString("result")))
                .containsExactly("agent_unreached", "answered");
        String firstCall = closed.getJsonArray("attemptHistory").getJsonObject(0).getString("callId");
        assertThat(await().atMost(Duration.ofSeconds(10)).until(() -> call(firstCall), r -> r != null).direction)
                .isEqualTo("outbound");
        assertThat(legs(firstCall)).containsExactly("agent:anna=no_answer");
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** An agent in wrap-up after the other test cannot be set at once: ask until presence takes it. */
    private static void setPresence(String agent, String state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.send("PUT", "/api/agents/" + agent + "/presence",
                TestConfig.ADMIN_TOKEN, "application/json", "{\"state\": \"" + state + "\"}").statusCode() == 200);
    }

    private static JsonObject openTaskOf(String phone) {
        JsonArray open = new JsonArray(gw.get("/api/callbacks?status=open&group=sales", TestConfig.ADMIN_TOKEN).body());
        return open.stream().map(o -> (JsonObject) o).filter(t -> phone.equals(t.getString("phone"))).findFirst()
                .orElse(null);
    }

    private static JsonObject task(String id) {
        return new JsonObject(gw.get("/api/callbacks/" + id, TestConfig.ADMIN_TOKEN).body());
    }

    record Row(String direction, String outcome, String dialed, String answeredBy) {}

    private static Row call(String callId) throws Exception {
        try (Connection c = TestStores.jdbc(db); var st = c.prepareStatement(
                "SELECT direction, outcome, dialed, answered_by FROM calls WHERE id = ?")) {
            st.setString(1, callId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)) : null;
            }
        }
    }

    private static List<String> legs(String callId) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = TestStores.jdbc(db); var st = c.prepareStatement(
                "SELECT target, result FROM call_legs WHERE call_id = ? ORDER BY leg_no")) {
            st.setString(1, callId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + "=" + rs.getString(2));
                }
            }
        }
        return out;
    }

    private static List<String> inboundOutcomes(String caller) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = TestStores.jdbc(db); var st = c.prepareStatement(
                "SELECT outcome FROM calls WHERE caller = ? AND direction = 'inbound' ORDER BY arrived_at")) {
            st.setString(1, caller);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
