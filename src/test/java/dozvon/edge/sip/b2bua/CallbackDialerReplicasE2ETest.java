package dozvon.edge.sip.b2bua;

import dozvon.app.config.DozvonConfig;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas on one Postgres and one Redis both poll for due tasks every second: a task is dialled by exactly
 * one of them, once.
 */
class CallbackDialerReplicasE2ETest {

    private static RunningGateway one;
    private static RunningGateway two;
    private static String db;
    private static int annaPort;
    private static int trunkPort;

    @BeforeAll
    static void start() {
        Sipp.assumeInstalled();
        annaPort = FreePort.find();
        trunkPort = FreePort.find();
        String yaml = """
                telephony: { ringSeconds: 1, wrapUpSeconds: 1 }
                callbacks: { retryAfterMinutes: [0], maxAttempts: 2, ringSeconds: 3, pollSeconds: 1,
                             spreadMinutes: 0, agentRetrySeconds: 2 }
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"], outbound: "sip:127.0.0.1:%d" } ]
                agents:
                  - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:%d" }
                groups:
                  - { id: sales, chain: [ { target: next, rings: 1 } ] }
                numbers:
                  - { number: "+74950000000", group: sales }
                """.formatted(trunkPort, annaPort);
        db = TestStores.newDatabase();
        String prefix = TestStores.newRedisPrefix();
        DozvonConfig first = TestConfig.load(yaml, db, TestStores.redisUrl(), prefix, Map.of());
        DozvonConfig second = TestConfig.load(yaml, db, TestStores.redisUrl(), prefix, Map.of());
        one = RunningGateway.start(first);
        two = RunningGateway.start(second);
    }

    @AfterAll
    static void stop() {
        if (two != null) {
            two.close();
        }
        if (one != null) {
            one.close();
        }
    }

    @Test
    void aTaskIsDialledByOneReplicaOnce() throws Exception {
        String customer = "+79001230009";
        try (Sipp.Uas anna = Sipp.startUas("uas-agent-3pcc-answer.xml", annaPort, 1, "-d", "200");
             Sipp.Uas phone = Sipp.startUas("uas-customer-answer-hang-up.xml", trunkPort, 1, "-d", "500")) {
            HttpResponse<String> made = one.send("POST", "/api/callbacks", TestConfig.ADMIN_TOKEN, "application/json",
                    new JsonObject().put("phone", customer).put("dueAt", Instant.now().toString())
                            .put("reason", "delivery follow-up").encode());
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            String taskId = new JsonObject(made.body()).getString("id");
            assertThat(phone.awaitDone(30).allSucceeded()).as("the customer's phone").isTrue();
            assertThat(anna.awaitDone(30).allSucceeded()).as("anna's phone").isTrue();
            // the other replica sees the same task, closed
            JsonObject closed = await().atMost(Duration.ofSeconds(10)).until(
                    () -> new JsonObject(two.get("/api/callbacks/" + taskId, TestConfig.ADMIN_TOKEN).body()),
                    t -> "closed".equals(t.getString("status")));
            assertThat(closed.getString("closeReason")).isEqualTo("reached");
            JsonArray attempts = closed.getJsonArray("attemptHistory");
            assertThat(attempts).hasSize(1);
            // and it stays one call to the customer over the next polls of both replicas
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5))
                    .until(() -> outboundCallsTo(customer) == 1);
        }
    }

    private static int outboundCallsTo(String phone) throws Exception {
        try (Connection c = TestStores.jdbc(db); var st = c.prepareStatement(
                "SELECT count(*) FROM calls WHERE dialed = ? AND direction = 'outbound'")) {
            st.setString(1, phone);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
