package dozvon.edge.http;

import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestHttp;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customers, blacklist and website-tracking endpoints through a running gateway (real Postgres and Redis):
 * auth where it is due, every refusal naming its field, CORS and limits on the public endpoint.
 */
class TrackingApiTest {

    private static final String T = TestConfig.ADMIN_TOKEN;
    private static final String JSON = "application/json";
    private static final String CONFIG = """
            agents:
              - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:5999" }
              - { id: boris, group: sales, contact: "sip:boris@127.0.0.1:5998" }
            groups: [ { id: sales, chain: [ { target: next, rings: 1 } ] } ]
            numbers:
              - { number: "+74950000000", group: sales, tracking: { source: google, medium: cpc, campaign: sofas } }
              - { number: "+74950000099", group: sales }
              - { pool: site, numbers: ["+74950000010"], group: sales, leaseMinutes: 30, fallback: "+74950000099" }
            blacklist: ["+7990*"]
            tracking: { allowedOrigins: ["https://shop.example"], requestsPerMinute: %d, phoneSelector: ".phone-x" }
            """;

    private static RunningGateway gw;
    private static final HttpClient http = TestHttp.client(Duration.ofSeconds(5));

    @BeforeAll
    static void start() {
        gw = RunningGateway.start(TestConfig.fresh(CONFIG.formatted(1000)));
    }

    @AfterAll
    static void stop() {
        if (gw != null) {
            gw.close();
        }
    }

    private static void assertError(HttpResponse<String> r, int status, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("error")).isNotBlank();
        assertThat(body.getString("field")).isEqualTo(field);
    }

    // ------------------------------------------------------------------------------------------ customers

    @Test
    void customersNeedTheAdminToken() {
        assertThat(gw.get("/api/customers/+79001112233", null).statusCode()).isEqualTo(401);
        assertThat(gw.send("PUT", "/api/customers/+79001112233", "wrong", JSON, "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void aCustomerIsCreatedEditedAndReadByEitherFormOfTheNumber() {
        var put = gw.send("PUT", "/api/customers/79001112233", T, JSON,
                "{\"name\": \"Olga\", \"company\": \"Acme\", \"note\": \"call after 5\", \"personalManager\": \"anna\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonObject c = new JsonObject(put.body());
        assertThat(c.getString("phone")).isEqualTo("+79001112233");
        assertThat(c.getString("personalManager")).isEqualTo("anna");
        assertThat(c.getString("personalManagerSetBy")).isEqualTo("manual");

        gw.send("PUT", "/api/customers/+79001112233", T, JSON, "{\"note\": null}");
        JsonObject read = new JsonObject(gw.get("/api/customers/+79001112233", T).body());
        assertThat(read.getString("name")).isEqualTo("Olga");
        assertThat(read.getValue("note")).isNull();
        assertThat(read.getString("personalManager")).isEqualTo("anna");
        assertError(gw.get("/api/customers/+79009999999", T), 404, "phone");
    }

    @Test
    void anAgentsConsoleTokenMayReadAndEditCustomers() {
        var issued = gw.send("POST", "/api/tokens/agent", T, JSON, "{\"agentId\": \"anna\"}");
        String agentToken = new JsonObject(issued.body()).getString("token");
        var put = gw.send("PUT", "/api/customers/+79001112255", agentToken, JSON, "{\"name\": \"Ivan\"}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(new JsonObject(gw.get("/api/customers/+79001112255", agentToken).body()).getString("name"))
                .isEqualTo("Ivan");
        assertThat(gw.get("/api/customers/+79001112255", agentToken + "x").statusCode()).isEqualTo(401);
        assertThat(gw.get("/api/blacklist", agentToken).statusCode()).as("the rest stays admin only").isEqualTo(401);
    }

    @Test
    void badCustomerEditsNameTheirField() {
        assertError(gw.send("PUT", "/api/customers/+79001112244", T, JSON, "{\"personalManager\": \"zoe\"}"), 400,
                "personalManager");
        assertError(gw.send("PUT", "/api/customers/not-a-phone", T, JSON, "{}"), 400, "phone");
        assertError(gw.send("PUT", "/api/customers/+79001112244", T, JSON, "{\"nmae\": \"x\"}"), 400, "nmae");
        assertError(gw.send("PUT", "/api/customers/+79001112244", T, JSON, "{\"name\": 5}"), 400, "name");
        assertError(gw.send("PUT", "/api/customers/+79001112244", T, JSON,
                "{\"name\": \"" + "x".repeat(201) + "\"}"), 400, "name");
        assertError(gw.send("PUT", "/api/customers/+79001112244", T, JSON, "[1]"), 400, "body");
        assertError(gw.send("PUT", "/api/customers/+79001112244", T, JSON, "{"), 400, "body");
        assertThat(gw.get("/api/customers/+79001112244", T).statusCode()).as("nothing was created").isEqualTo(404);
    }

    // ------------------------------------------------------------------------------------------ blacklist

    @Test
    void blacklistPatternsAreAddedListedAndRemoved() {
        assertThat(gw.send("POST", "/api/blacklist", null, JSON, "{\"pattern\": \"+7998*\"}").statusCode())
                .isEqualTo(401);
        var added = gw.send("POST", "/api/blacklist", T, JSON, "{\"pattern\": \"7998*\", \"note\": \"robocalls\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(new JsonObject(added.body()).getString("pattern")).isEqualTo("+7998*");
        assertThat(gw.send("POST", "/api/blacklist", T, JSON, "{\"pattern\": \"+7998*\"}").statusCode())
                .as("already there").isEqualTo(200);

        JsonArray list = new JsonArray(gw.get("/api/blacklist", T).body());
        assertThat(list.stream().map(o -> ((JsonObject) o).getString("pattern") + "/" + ((JsonObject) o).getString("source")))
                .containsExactlyInAnyOrder("+7990*/config", "+7998*/api");

        assertError(gw.send("DELETE", "/api/blacklist/+7990*", T, null, null), 409, "pattern");
        assertThat(gw.send("DELETE", "/api/blacklist?pattern=%2B7998*", T, null, null).statusCode()).isEqualTo(204);
        assertError(gw.send("DELETE", "/api/blacklist/+7998*", T, null, null), 404, "pattern");
    }

    @Test
    void badBlacklistPatternsAreRefused() {
        assertError(gw.send("POST", "/api/blacklist", T, JSON, "{\"pattern\": \"+7*99\"}"), 400, "pattern");
        assertError(gw.send("POST", "/api/blacklist", T, JSON, "{\"note\": \"no pattern\"}"), 400, "pattern");
        assertError(gw.send("POST", "/api/blacklist", T, JSON,
                "{\"pattern\": \"+7997*\", \"note\": \"" + "n".repeat(501) + "\"}"), 400, "note");
        assertError(gw.send("DELETE", "/api/blacklist/abc", T, null, null), 400, "pattern");
    }

    // ------------------------------------------------------------------------------------------ tracking

    private static HttpResponse<String> session(String origin, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(gw.base() + "/api/tracking/sessions"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aVisitorGetsThePoolNumberWithoutATokenAndTheNextOneTheFallback() throws Exception {
        var first = session("https://shop.example", "{\"visitorId\": \"visitor-0001\", \"source\": \"google\","
                + " \"campaign\": \"sofas\", \"landingPage\": \"https://shop.example/sofas\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("Access-Control-Allow-Origin")).contains("https://shop.example");
        JsonObject lease = new JsonObject(first.body());
        assertThat(lease.getString("number")).isEqualTo("+74950000010");
        assertThat(lease.getString("expiresAt")).isNotBlank();

        double before = metric();
        var second = session(null, "{\"visitorId\": \"visitor-0002\"}");
        assertThat(new JsonObject(second.body()).getString("number")).isEqualTo("+74950000099");
        assertThat(new JsonObject(second.body()).getBoolean("fallback")).isTrue();
        assertThat(metric()).isEqualTo(before + 1);

        var renewed = session("https://shop.example", "{\"visitorId\": \"visitor-0001\"}");
        assertThat(new JsonObject(renewed.body()).getString("number")).as("the same visitor keeps it")
                .isEqualTo("+74950000010");
    }

    private static double metric() {
        String text = gw.get("/metrics", null).body();
        return text.lines().filter(l -> l.startsWith("dozvon_tracking_pool_exhausted_total{pool=\"site\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    @Test
    void otherSitesAndBadSessionsAreRefused() throws Exception {
        var foreign = session("https://evil.example", "{\"visitorId\": \"visitor-0003\"}");
        assertError(foreign, 403, "Origin");
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertError(session(null, "{}"), 400, "visitorId");
        assertError(session(null, "{\"visitorId\": \"x\"}"), 400, "visitorId");
        assertError(session(null, "{\"visitorId\": \"visitor-0004\", \"landingPage\": \"javascript:alert(1)\"}"),
                400, "landingPage");
        assertError(session(null, "{\"visitorId\": \"visitor-0004\", \"pool\": \"nope\"}"), 400, "pool");
        assertError(session(null, "{\"visitorId\": \"visitor-0004\", \"source\": \"" + "s".repeat(5000) + "\"}"),
                413, "body");
    }

    @Test
    void aPreflightFromAnAllowedSiteIsAnswered() throws Exception {
        HttpRequest pre = HttpRequest.newBuilder(URI.create(gw.base() + "/api/tracking/sessions"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://shop.example").header("Access-Control-Request-Method", "POST").build();
        var r = http.send(pre, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("https://shop.example");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers")).contains("Content-Type");
    }

    @Test
    void theSnippetIsServedWithTheConfiguredSelector() {
        var js = gw.get("/tracking.js", null);
        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElse("")).startsWith("application/javascript");
        assertThat(js.body()).contains("var selector = \".phone-x\";").doesNotContain("__PHONE_SELECTOR__");
    }

    @Test
    void eachAddressHasABudgetPerMinute() throws Exception {
        try (RunningGateway tight = RunningGateway.start(TestConfig.fresh(CONFIG.formatted(2)))) {
            for (int i = 0; i < 2; i++) {
                assertThat(post(tight, "{\"visitorId\": \"visitor-r00" + i + "\"}").statusCode()).isEqualTo(200);
            }
            var refused = post(tight, "{\"visitorId\": \"visitor-r009\"}");
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        }
    }

    private static HttpResponse<String> post(RunningGateway g, String body) {
        return g.send("POST", "/api/tracking/sessions", null, JSON, body);
    }
}
