package dozvon.edge.sip.b2bua;

import dozvon.app.config.DozvonConfig;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestStores;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The blacklist API across two replicas sharing Postgres and Redis: a pattern added on replica A blocks calls
 * arriving at replica B within a couple of seconds (603, recorded as rejected with the pattern), and removing
 * it lets them through again. The group has nobody to ring, so a call that is let through ends in 480 at once.
 */
class BlacklistE2ETest {

    private static final String NUMBER = "+74950000000";
    private static final String SPAMMER = "+79970001122";
    private static final String YAML = """
            sip: { trunks: [ { name: pbx, allow: ["127.0.0.1/32"] } ] }
            groups: [ { id: sales, chain: [ { target: next, rings: 1 } ] } ]
            numbers: [ { number: "+74950000000", group: sales, tracking: { source: yandex, medium: cpc, campaign: beds } } ]
            """;

    private static RunningGateway a;
    private static RunningGateway b;

    @BeforeAll
    static void start() {
        Sipp.assumeInstalled();
        String db = TestStores.newDatabase();
        String prefix = TestStores.newRedisPrefix();
        DozvonConfig config = TestConfig.load(YAML, db, TestStores.redisUrl(), prefix, Map.of());
        a = RunningGateway.start(config);
        b = RunningGateway.start(TestConfig.load(YAML, db, TestStores.redisUrl(), prefix, Map.of()));
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    private static Sipp.Result callB(String scenario) {
        return Sipp.run(scenario, b.sipPort(), 1, 1, "-s", NUMBER, "-set", "caller", SPAMMER);
    }

    private static JsonObject lastCall() {
        JsonArray calls = new JsonArray(b.get("/api/calls?limit=1", TestConfig.ADMIN_TOKEN).body());
        return calls.getJsonObject(0);
    }

    @Test
    void aPatternAddedOnOneReplicaBlocksCallsOnTheOtherAndIsRecordedWithThePattern() {
        assertThat(callB("uac-pbx-call-480.xml").allSucceeded()).as("not blocked yet").isTrue();

        var added = a.send("POST", "/api/blacklist", TestConfig.ADMIN_TOKEN, "application/json",
                "{\"pattern\": \"+7997*\", \"note\": \"robocalls\"}");
        assertThat(added.statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> callB("uac-pbx-call-603.xml").allSucceeded());
        // records are written just after the call ends
        await().atMost(Duration.ofSeconds(5)).until(() -> "rejected".equals(lastCall().getString("outcome")));
        JsonObject blocked = lastCall();
        assertThat(blocked.getString("outcome")).isEqualTo("rejected");
        assertThat(blocked.getInteger("finalCode")).isEqualTo(603);
        assertThat(blocked.getString("reason")).isEqualTo("blacklisted +7997*");
        JsonObject detail = new JsonObject(b.get("/api/calls/" + blocked.getString("callId"),
                TestConfig.ADMIN_TOKEN).body());
        assertThat(detail.getJsonObject("tracking").getString("campaign"))
                .as("a blocked call from an ad still counts for the ad").isEqualTo("beds");

        assertThat(a.send("DELETE", "/api/blacklist/+7997*", TestConfig.ADMIN_TOKEN, null, null).statusCode())
                .isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> callB("uac-pbx-call-480.xml").allSucceeded());
        await().atMost(Duration.ofSeconds(5)).until(() -> "chain exhausted".equals(lastCall().getString("reason")));
    }
}
