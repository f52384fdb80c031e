package dozvon.app;

import dozvon.store.embedded.EmbeddedRedisServer;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestStores;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The gateway's HTTP surface against real Postgres and Redis. */
class GatewayHttpTest {

    private static RunningGateway gw;

    @BeforeAll
    static void start() {
        gw = RunningGateway.start(TestConfig.fresh(""));
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    @Test
    void liveAndReadyAnswer200WhenStoresAreUp() {
        assertThat(gw.get("/health/live", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = gw.get("/health/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(ready.body());
        assertThat(body.getString("status")).isEqualTo("ready");
        assertThat(body.getJsonObject("checks").getMap()).containsEntry("postgres", "up").containsEntry("redis", "up");
    }

    @Test
    void metricsShowTheContractsNamesFromTheStart() {
        HttpResponse<String> r = gw.get("/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).contains(
                "dozvon_calls_total{outcome=\"answered\"} 0",
                "dozvon_calls_total{outcome=\"off_hours\"} 0",
                "dozvon_call_setup_seconds_bucket",
                "dozvon_answer_wait_seconds_bucket",
                "dozvon_chain_steps_total{result=\"timed_out\"} 0",
                "dozvon_agents{state=\"available\"}",
                "dozvon_calls_active 0",
                "dozvon_ws_sessions 0",
                "dozvon_sip_messages_total{direction=\"in\",method=\"INVITE\"} 0",
                "dozvon_sip_retransmissions_total 0",
                "dozvon_sip_parse_errors_total 0",
                "dozvon_cdr_spool_pending 0",
                "jvm_memory_used_bytes",
                "vertx_http_server");
    }

    @Test
    void openApiDocumentIsServed() {
        HttpResponse<String> r = gw.get("/openapi.yaml", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("openapi: 3.1").contains("/health/ready");
    }

    @Test
    void apiNeedsTheAdminTokenAndAnswersJsonErrors() {
        HttpResponse<String> none = gw.get("/api/calls-that-do-not-exist", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(new JsonObject(none.body()).getString("error")).contains("admin token");

        HttpResponse<String> wrong = gw.get("/api/calls-that-do-not-exist", "wrong-token");
        assertThat(wrong.statusCode()).isEqualTo(401);

        HttpResponse<String> unknown = gw.get("/api/calls-that-do-not-exist", TestConfig.ADMIN_TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(new JsonObject(unknown.body()).getString("error")).isEqualTo("no such endpoint");
    }

    @Test
    void anOversizedBodyIsRefusedWith413Json() {
        String big = "x".repeat(70_000);
        HttpResponse<String> r = gw.send("POST", "/api/anything", TestConfig.ADMIN_TOKEN, "application/json", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(new JsonObject(r.body()).getString("error")).isEqualTo("request body too large");
    }

    @Test
    void unknownPagesGetJson404WithoutInternals() {
        HttpResponse<String> r = gw.get("/no/such/page", null);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.vertx");
    }

    @Test
    void readinessGoes503NamingRedisWhenItStops() throws Exception {
        EmbeddedRedisServer redis = EmbeddedRedisServer.start(TestStores.tempDir("dozvon-redis-down"));
        try (RunningGateway own = RunningGateway.start(TestConfig.load("", TestStores.newDatabase(), redis.url(),
                "dozvon-test-down:", Map.of()))) {
            assertThat(own.get("/health/ready", null).statusCode()).isEqualTo(200);
            redis.close();
            await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() -> {
                HttpResponse<String> r = own.get("/health/ready", null);
                assertThat(r.statusCode()).isEqualTo(503);
                JsonObject checks = new JsonObject(r.body()).getJsonObject("checks");
                assertThat(checks.getString("postgres")).isEqualTo("up");
                assertThat(checks.getString("redis")).startsWith("down");
            });
        } finally {
            redis.close();
        }
    }
}
