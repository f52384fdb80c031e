package dozvon.edge.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import static dozvon.edge.http.ApiServer.await;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/calls} and {@code GET /api/calls/{id}} over HTTP, on calls recorded in a real Postgres. */
class CallsRoutesTest {

    private static final Instant T0 = Instant.parse("2027-03-01T10:00:00Z");
    private static ApiServer api;

    @BeforeAll
    static void start() {
        api = new ApiServer().withCalls().start();
        for (int i = 0; i < 5; i++) {
            await(api.records.insert(CallSamples.answered("c" + i, T0.plusSeconds(60L * i))));
        }
        await(api.records.insert(CallSamples.rejected("r5", T0.plusSeconds(300))));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void listsCallsNewestFirstWithEveryFieldInCamelCase() {
        HttpResponse<String> r = api.get("/api/calls");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonArray calls = new JsonArray(r.body());
        assertThat(ids(calls)).containsExactly("r5", "c4", "c3", "c2", "c1", "c0");

        JsonObject answered = calls.getJsonObject(1);
        assertThat(answered.fieldNames()).containsExactlyInAnyOrder("callId", "direction", "caller", "dialed", "group", "outcome",
                "finalCode", "reason", "answeredBy", "arrivedAt", "firstRingAt", "answeredAt", "endedAt",
                "waitSeconds", "talkSeconds", "offHours");
        assertThat(answered.getString("caller")).isEqualTo("+79160000001");
        assertThat(answered.getString("direction")).isEqualTo("inbound");
        assertThat(answered.getString("dialed")).isEqualTo("+74950000000");
        assertThat(answered.getString("group")).isEqualTo("sales");
        assertThat(answered.getString("outcome")).isEqualTo("answered");
        assertThat(answered.getString("answeredBy")).isEqualTo("anna");
        assertThat(answered.getValue("finalCode")).isNull();
        assertThat(answered.getString("arrivedAt")).isEqualTo("2027-03-01T10:04:00Z");
        assertThat(answered.getString("firstRingAt")).isEqualTo("2027-03-01T10:04:00.400Z");
        assertThat(answered.getString("answeredAt")).isEqualTo("2027-03-01T10:04:12Z");
        assertThat(answered.getString("endedAt")).isEqualTo("2027-03-01T10:05:12Z");
        assertThat(answered.getDouble("waitSeconds")).isEqualTo(12.0);
        assertThat(answered.getDouble("talkSeconds")).isEqualTo(60.0);
        assertThat(answered.getBoolean("offHours")).isFalse();

        JsonObject rejected = calls.getJsonObject(0);
        assertThat(rejected.getString("outcome")).isEqualTo("rejected");
        assertThat(rejected.getInteger("finalCode")).isEqualTo(603);
        assertThat(rejected.getString("reason")).isEqualTo("blacklisted");
        assertThat(rejected.getValue("answeredBy")).isNull();
        assertThat(rejected.getValue("firstRingAt")).isNull();
    }

    @Test
    void limitCutsTheNewestPage() {
        assertThat(ids(list("/api/calls?limit=2"))).containsExactly("r5", "c4");
        assertThat(ids(list("/api/calls?limit=1000"))).hasSize(6);
    }

    @Test
    void fromIsInclusiveAndToExclusiveInUtcOrWithAnOffset() {
        assertThat(ids(list("/api/calls?from=2027-03-01T10:01:00Z&to=2027-03-01T10:04:00Z")))
                .containsExactly("c3", "c2", "c1");
        // the same window in Moscow time, the offset's '+' percent-encoded as it should be
        assertThat(ids(list("/api/calls?from=2027-03-01T13:01:00%2B03:00&to=2027-03-01T13:04:00%2B03:00")))
                .containsExactly("c3", "c2", "c1");
        // ... and typed raw into a browser, where '+' arrives as a space
        assertThat(ids(list("/api/calls?from=2027-03-01T13:01:00+03:00"))).containsExactly("r5", "c4", "c3", "c2", "c1");
        assertThat(ids(list("/api/calls?to=2027-03-01T10:01:00Z"))).containsExactly("c0");
        assertThat(ids(list("/api/calls?from=&to=&limit="))).hasSize(6); // empty form fields mean "not given"
    }

    @Test
    void badQueryValuesAre400NamingTheField() {
        assertBadRequest("/api/calls?from=yesterday", "from");
        assertBadRequest("/api/calls?from=2027-03-01", "from");
        assertBadRequest("/api/calls?to=2027-13-01T10:00:00Z", "to");
        assertBadRequest("/api/calls?from=2027-03-01T11:00:00Z&to=2027-03-01T10:00:00Z", "to");
        assertBadRequest("/api/calls?limit=0", "limit");
        assertBadRequest("/api/calls?limit=1001", "limit");
        assertBadRequest("/api/calls?limit=ten", "limit");
        assertBadRequest("/api/calls?limit=1&limit=2", "limit");
        assertThat(new JsonObject(api.get("/api/calls?from=yesterday").body()).getString("error"))
                .contains("ISO-8601");
    }

    @Test
    void detailsShowTheCallItsLegsAndTheTraceAsStored() {
        HttpResponse<String> r = api.get("/api/calls/c2");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject call = new JsonObject(r.body());
        assertThat(call.getString("callId")).isEqualTo("c2");
        assertThat(call.getString("outcome")).isEqualTo("answered");

        JsonArray legs = call.getJsonArray("legs");
        assertThat(legs.size()).isEqualTo(2);
        JsonObject first = legs.getJsonObject(0);
        assertThat(first.fieldNames()).containsExactlyInAnyOrder("legId", "legNo", "step", "kind", "target", "agent",
                "address", "autoAnswer", "startedAt", "ringingAt", "answeredAt", "endedAt", "result");
        assertThat(first.getString("legId")).isEqualTo("c2-L1");
        assertThat(first.getInteger("legNo")).isZero();
        assertThat(first.getInteger("step")).isZero();
        assertThat(first.getString("kind")).isEqualTo("agent");
        assertThat(first.getString("target")).isEqualTo("agent:boris");
        assertThat(first.getString("agent")).isEqualTo("boris");
        assertThat(first.getString("address")).isEqualTo("sip:boris@127.0.0.1:5072");
        assertThat(first.getBoolean("autoAnswer")).isFalse();
        assertThat(first.getString("startedAt")).isEqualTo("2027-03-01T10:02:00Z");
        assertThat(first.getValue("answeredAt")).isNull();
        assertThat(first.getString("result")).isEqualTo("no_answer");
        JsonObject second = legs.getJsonObject(1);
        assertThat(second.getInteger("legNo")).isEqualTo(1);
        assertThat(second.getInteger("step")).isEqualTo(1);
        assertThat(second.getString("result")).isEqualTo("answered");
        assertThat(second.getString("answeredAt")).isEqualTo("2027-03-01T10:02:12Z");

        JsonArray trace = call.getJsonArray("trace");
        assertThat(trace).isEqualTo(new JsonArray()
                .add(new JsonObject().put("step", 0).put("target", "personal-or-next")
                        .put("startedAt", "2027-03-01T10:02:00Z").put("endedAt", "2027-03-01T10:02:10Z")
                        .put("endedBy", "timed_out")
                        .put("considered", new JsonArray()
                                .add(new JsonObject().put("agent", "vera").put("skipped", "away"))
                                .add(new JsonObject().put("agent", "boris")))
                        .put("legs", new JsonArray().add("c2-L1")))
                .add(new JsonObject().put("step", 1).put("target", "next")
                        .put("startedAt", "2027-03-01T10:02:10Z").put("endedAt", "2027-03-01T10:02:12Z")
                        .put("endedBy", "answered")
                        .put("considered", new JsonArray().add(new JsonObject().put("agent", "anna")))
                        .put("legs", new JsonArray().add("c2-L2"))));
    }

    @Test
    void aCallWithoutLegsHasEmptyLegsAndTrace() {
        JsonObject call = new JsonObject(api.get("/api/calls/r5").body());
        assertThat(call.getJsonArray("legs").isEmpty()).isTrue();
        assertThat(call.getJsonArray("trace").isEmpty()).isTrue();
        assertThat(call.getInteger("finalCode")).isEqualTo(603);
    }

    @Test
    void anUnknownCallIs404AndAnOverlongId400() {
        HttpResponse<String> missing = api.get("/api/calls/no-such-call");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(new JsonObject(missing.body()).getString("error")).contains("no-such-call");

        assertBadRequest("/api/calls/" + "x".repeat(65), "id");
        assertThat(api.get("/api/calls/" + "x".repeat(64)).statusCode()).isEqualTo(404);
    }

    @Test
    void callsNeedTheAdminToken() {
        for (String path : List.of("/api/calls", "/api/calls/c1", "/api/calls?from=nonsense")) {
            HttpResponse<String> none = api.send("GET", path, null, null, null);
            assertThat(none.statusCode()).as(path).isEqualTo(401);
            assertThat(new JsonObject(none.body()).getString("error")).contains("admin token");
            assertThat(api.send("GET", path, "wrong", null, null).statusCode()).as(path).isEqualTo(401);
        }
    }

    private static JsonArray list(String path) {
        HttpResponse<String> r = api.get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(200);
        return new JsonArray(r.body());
    }

    private static List<String> ids(JsonArray calls) {
        return calls.stream().map(o -> ((JsonObject) o).getString("callId")).toList();
    }

    private static void assertBadRequest(String path, String field) {
        HttpResponse<String> r = api.get(path);
        assertThat(r.statusCode()).as(path + " -> " + r.body()).isEqualTo(400);
        JsonObject error = new JsonObject(r.body());
        assertThat(error.getString("field")).as(path).isEqualTo(field);
        assertThat(error.getString("error")).as(path).isNotBlank();
    }
}
