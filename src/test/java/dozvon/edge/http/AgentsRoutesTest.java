package dozvon.edge.http;

import dozvon.core.chain.CallCommand;
import dozvon.core.chain.StepTarget;
import dozvon.core.presence.AgentProfile;
import dozvon.core.presence.ClaimedAgent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import static dozvon.edge.http.ApiServer.await;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/agents} and {@code PUT /api/agents/{id}/presence} over HTTP, on presence in a real Redis. */
class AgentsRoutesTest {

    private static final AgentProfile ANNA = new AgentProfile("anna", "Anna", "sales");
    private static final AgentProfile BORIS = new AgentProfile("boris", "Boris", "sales");
    private static final AgentProfile DIMA = new AgentProfile("dima", null, "support");
    /** Configured, but Redis has not heard of her yet. */
    private static final AgentProfile ZOYA = new AgentProfile("zoya", "Zoya", "sales");

    private ApiServer api;

    @BeforeEach
    void start() {
        api = new ApiServer().withAgents(List.of(BORIS, ANNA, DIMA, ZOYA), List.of(BORIS, ANNA, DIMA)).start();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void listsEveryConfiguredAgentInConfigOrderWithPresence() {
        ring("boris", "call-7");
        HttpResponse<String> r = api.get("/api/agents");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonArray agents = new JsonArray(r.body());
        assertThat(agents.stream().map(a -> ((JsonObject) a).getString("id"))).containsExactly("boris", "anna", "dima", "zoya");

        JsonObject anna = agents.getJsonObject(1);
        assertThat(anna.fieldNames()).containsExactlyInAnyOrder("id", "name", "group", "state", "since", "reachable", "callId");
        assertThat(anna.getString("name")).isEqualTo("Anna");
        assertThat(anna.getString("group")).isEqualTo("sales");
        assertThat(anna.getString("state")).isEqualTo("available");
        assertThat(Instant.parse(anna.getString("since"))).isBefore(Instant.now().plusSeconds(60));
        assertThat(anna.getBoolean("reachable")).isTrue();
        assertThat(anna.getValue("callId")).isNull();

        JsonObject boris = agents.getJsonObject(0);
        assertThat(boris.getString("state")).isEqualTo("ringing");
        assertThat(boris.getString("callId")).isEqualTo("call-7");

        assertThat(agents.getJsonObject(2).getString("name")).isEqualTo("dima"); // no name configured: the id
        JsonObject zoya = agents.getJsonObject(3);
        assertThat(zoya.getString("state")).isEqualTo("offline");
        assertThat(zoya.getValue("since")).isNull();
        assertThat(zoya.getBoolean("reachable")).isFalse();
    }

    @Test
    void anAdminSetsPresenceAndGetsTheAgentBack() {
        HttpResponse<String> r = api.put("/api/agents/anna/presence", "application/json", "{\"state\": \"away\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonObject anna = new JsonObject(r.body());
        assertThat(anna.getString("id")).isEqualTo("anna");
        assertThat(anna.getString("state")).isEqualTo("away");
        assertThat(anna.getString("since")).isNotNull();
        assertThat(stateOf("anna")).isEqualTo("away");

        assertThat(api.put("/api/agents/anna/presence", "application/json", "{\"state\":\"offline\"}").statusCode())
                .isEqualTo(200);
        assertThat(stateOf("anna")).isEqualTo("offline");
        assertThat(api.put("/api/agents/anna/presence", "application/json", "{\"state\":\"Available\"}").statusCode())
                .isEqualTo(200);
        assertThat(stateOf("anna")).isEqualTo("available");
    }

    @Test
    void theBodyIsReadAsJsonWhateverTheContentTypeSays() {
        assertThat(api.put("/api/agents/anna/presence", null, "{\"state\":\"away\"}").statusCode()).isEqualTo(200);
        assertThat(api.put("/api/agents/dima/presence", "text/plain", "{\"state\":\"away\"}").statusCode()).isEqualTo(200);
        assertThat(api.put("/api/agents/boris/presence", "application/x-www-form-urlencoded", "{\"state\":\"away\"}")
                .statusCode()).isEqualTo(200);
        assertThat(List.of(stateOf("anna"), stateOf("dima"), stateOf("boris"))).containsOnly("away");
    }

    @Test
    void aStateOtherThanAvailableAwayOrOfflineIs400() {
        for (String body : List.of("{\"state\":\"ringing\"}", "{\"state\":\"on_call\"}", "{\"state\":\"busy\"}",
                "{\"state\":42}", "{\"state\":null}", "{}", "{\"status\":\"away\"}")) {
            HttpResponse<String> r = api.put("/api/agents/anna/presence", "application/json", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            JsonObject error = new JsonObject(r.body());
            assertThat(error.getString("field")).as(body).isEqualTo("state");
            assertThat(error.getString("error")).as(body).contains("available");
        }
        assertThat(stateOf("anna")).isEqualTo("available");
    }

    @Test
    void aBodyThatIsNotAJsonObjectIs400SayingWhatIsWrong() {
        HttpResponse<String> broken = api.put("/api/agents/anna/presence", "application/json", "{state: away");
        assertThat(broken.statusCode()).isEqualTo(400);
        JsonObject error = new JsonObject(broken.body());
        assertThat(error.getString("field")).isEqualTo("body");
        assertThat(error.getString("error")).startsWith("the body is not valid JSON (")
                .contains("expected {\"state\": \"available\" | \"away\" | \"offline\"}")
                .doesNotContain("Exception", "\tat ", "Failed to decode");

        for (String body : List.of("[\"away\"]", "\"away\"", "away", "")) {
            HttpResponse<String> r = api.put("/api/agents/anna/presence", "application/json", body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(new JsonObject(r.body()).getString("field")).as(body).isEqualTo("body");
        }
        assertThat(api.send("PUT", "/api/agents/anna/presence", ApiServer.TOKEN, null, null).statusCode()).isEqualTo(400);
    }

    @Test
    void anUnknownAgentIs404AndAnOverlongId400() {
        HttpResponse<String> r = api.put("/api/agents/nobody/presence", "application/json", "{\"state\":\"away\"}");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new JsonObject(r.body()).getString("error")).contains("nobody");

        HttpResponse<String> tooLong = api.put("/api/agents/" + "a".repeat(65) + "/presence", "application/json",
                "{\"state\":\"away\"}");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(tooLong.body()).getString("field")).isEqualTo("id");
    }

    @Test
    void anAgentRingingForACallCannotBeSetAway() {
        ring("anna", "call-42");
        HttpResponse<String> r = api.put("/api/agents/anna/presence", "application/json", "{\"state\":\"away\"}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(r.body()).getString("error")).contains("ringing", "call-42");
        assertThat(stateOf("anna")).isEqualTo("ringing");
    }

    @Test
    void anAgentWithoutPresenceYetIs409NotAnError() {
        HttpResponse<String> r = api.put("/api/agents/zoya/presence", "application/json", "{\"state\":\"away\"}");
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(r.body()).getString("error")).contains("no presence yet");
    }

    @Test
    void agentsNeedTheAdminToken() {
        assertThat(api.send("GET", "/api/agents", null, null, null).statusCode()).isEqualTo(401);
        assertThat(api.send("PUT", "/api/agents/anna/presence", null, "application/json", "{\"state\":\"away\"}")
                .statusCode()).isEqualTo(401);
        assertThat(api.send("PUT", "/api/agents/anna/presence", "wrong", "application/json", "{\"state\":\"away\"}")
                .statusCode()).isEqualTo(401);
        assertThat(stateOf("anna")).isEqualTo("available");
    }

    /** What a chain step does: claims the agent for a call, so it rings. */
    private void ring(String agentId, String callId) {
        var claim = new CallCommand.ClaimTargets(callId, "sales", 0, 1, new StepTarget.Agent(agentId), null, List.of());
        assertThat(await(api.presence.claim(claim)).claimed()).extracting(ClaimedAgent::agentId).containsExactly(agentId);
    }

    private String stateOf(String agentId) {
        JsonArray agents = new JsonArray(api.get("/api/agents").body());
        return agents.stream().map(JsonObject.class::cast).filter(a -> a.getString("id").equals(agentId))
                .findFirst().orElseThrow().getString("state");
    }
}
