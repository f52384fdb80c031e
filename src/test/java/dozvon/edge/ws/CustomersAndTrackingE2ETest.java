package dozvon.edge.ws;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import dozvon.store.embedded.FreePort;
import dozvon.testsupport.HeadlessChromium;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TestConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Customers and call tracking end to end: the gateway in-process on real Postgres and Redis, SIPp as the PBX and
 * the managers' phones, a WebSocket agent for the screen pop, and a website page in headless Chromium that
 * includes {@code /tracking.js}.
 * <ul>
 *   <li>a visitor arriving with utm parameters sees a pool number; a call to it pops up with the visitor's
 *       campaign and is recorded with it; a second visitor, the pool exhausted, sees the fallback number;</li>
 *   <li>the first agent who talks to a caller becomes their personal manager, and the caller's next call rings
 *       that manager first although another agent has been idle longer.</li>
 * </ul>
 */
class CustomersAndTrackingE2ETest {

    private static final String STATIC = "+74950000000";
    private static final String POOLED = "+74950000010";
    private static final String FALLBACK = "+74950000099";
    private static final String T = TestConfig.ADMIN_TOKEN;

    private static RunningGateway gw;
    private static Vertx vertx;
    private static HttpServer site;
    private static int annaPort;
    private static int borisPort;
    private static HeadlessChromium chromium;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        Sipp.assumeInstalled();
        annaPort = FreePort.find();
        borisPort = FreePort.find();
        int sitePort = FreePort.find();
        gw = RunningGateway.start(TestConfig.fresh("""
                telephony: { ringSeconds: 1, wrapUpSeconds: 1 }
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"], outbound: "sip:127.0.0.1:%d" } ]
                agents:
                  - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:%d", password: "anna-secret" }
                  - { id: boris, group: sales, contact: "sip:boris@127.0.0.1:%d", password: "boris-secret" }
                groups:
                  - id: sales
                    chain: [ { target: personal-or-next, rings: 3 }, { target: next, rings: 2 } ]
                numbers:
                  - { number: "%s", group: sales, tracking: { source: google, medium: cpc, campaign: sofas } }
                  - { number: "%s", group: sales }
                  - { pool: site, numbers: ["%s"], group: sales, leaseMinutes: 30, fallback: "%s" }
                tracking: { allowedOrigins: ["http://127.0.0.1:%d"] }
                """.formatted(FreePort.find(), annaPort, borisPort, STATIC, FALLBACK, POOLED, FALLBACK, sitePort)));
        vertx = Vertx.vertx();
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", sitePort), 0);
        site.createContext("/", exchange -> {
            byte[] page = ("""
                    <!doctype html><html><head><title>Sofas</title></head><body>
                    <p>Call us: <a id="phone" data-dozvon-phone href="tel:+74950000000">+74950000000</a></p>
                    <script src="%s/tracking.js" data-pool="site" async></script>
                    </body></html>""").formatted(gw.base()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        site.start();
        chromium = HeadlessChromium.launch();
        browser = chromium.browser();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (site != null) {
            site.stop(0);
        }
        if (gw != null) {
            gw.close();
        }
        if (vertx != null) {
            vertx.close();
        }
    }

    /** Calls leave agents in wrap-up (1 s): each test starts with both managers available and no call. */
    @BeforeEach
    void managersAvailable() {
        await().atMost(Duration.ofSeconds(15)).until(() -> metric("dozvon_agents{state=\"available\"}") >= 2
                && metric("dozvon_calls_active") == 0);
    }

    private static double metric(String name) {
        return gw.get("/metrics", null).body().lines().filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private static AgentClient agentSocket(String agent) throws Exception {
        var r = gw.send("POST", "/api/tokens/agent", T, "application/json",
                new JsonObject().put("agentId", agent).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        AgentClient c = AgentClient.connect(vertx, gw.gateway().httpPort(), "/ws/agent",
                new JsonObject(r.body()).getString("token"));
        c.await("hello");
        return c;
    }

    private static CompletableFuture<Sipp.Result> callAsync(String dialed, String caller, int talkMillis) {
        return CompletableFuture.supplyAsync(() -> Sipp.run("uac-pbx-call-answered.xml", gw.sipPort(), 1, 1,
                "-s", dialed, "-set", "caller", caller, "-d", Integer.toString(talkMillis)));
    }

    private static JsonObject callRecord(String callId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> gw.get("/api/calls/" + callId, T).statusCode() == 200);
        return new JsonObject(gw.get("/api/calls/" + callId, T).body());
    }

    private static JsonObject agentStatus(String agent) {
        JsonArray agents = new JsonArray(gw.get("/api/agents", T).body());
        return agents.stream().map(JsonObject.class::cast).filter(a -> agent.equals(a.getString("id")))
                .findFirst().orElseThrow();
    }

    private static Page signIn(String agent) {
        Page page = browser.newContext().newPage();
        page.navigate(gw.base() + "/");
        page.getByLabel("Agent ID").fill(agent);
        page.getByLabel("Password").fill(agent + "-secret");
        page.locator("#login-submit").click();
        assertThat(page.locator("#presence [aria-checked=true]")).hasText("Available");
        return page;
    }

    private static void setPresence(String agent, String state) {
        var r = gw.send("PUT", "/api/agents/" + agent + "/presence", T, "application/json",
                "{\"state\": \"" + state + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aVisitorsPoolNumberBringsTheirCampaignToTheScreenPopAndTheRecord() throws Exception {
        String landing = "http://127.0.0.1:" + site.getAddress().getPort() + "/sofas";
        BrowserContext visit = browser.newContext();
        Page page = visit.newPage();
        page.navigate(landing + "?utm_source=google&utm_medium=cpc&utm_campaign=spring-sofas&utm_term=red+sofa");
        assertThat(page.locator("#phone")).hasText(POOLED);
        assertThat(page.locator("#phone")).hasAttribute("href", "tel:" + POOLED);
        String visitorId = (String) page.evaluate("() => localStorage.getItem('dozvon.visitor')");
        assertThat(visitorId).isNotBlank();

        try (AgentClient boris = agentSocket("boris");
             Sipp.Uas annaPhone = Sipp.startUas("uas-phone-answer.xml", annaPort, 1, "-d", "100");
             Sipp.Uas borisPhone = Sipp.startUas("uas-phone-answer.xml", borisPort, 1, "-d", "100")) {
            CompletableFuture<Sipp.Result> pbx = callAsync(POOLED, "+79005550100", 500);
            JsonObject offer = boris.await("call.offer", Duration.ofSeconds(10));
            JsonObject tracking = offer.getJsonObject("tracking");
            assertThat(tracking.getString("campaign")).isEqualTo("spring-sofas");
            assertThat(tracking.getString("source")).isEqualTo("google");
            assertThat(tracking.getString("keyword")).isEqualTo("red sofa");
            assertThat(tracking.getString("landingPage")).isEqualTo(landing);
            assertThat(tracking.getString("visitorId")).isEqualTo(visitorId);
            assertThat(tracking.getString("pool")).isEqualTo("site");
            Sipp.assertOk(pbx.get(30, TimeUnit.SECONDS), "pbx");

            JsonObject record = callRecord(offer.getString("callId"));
            assertThat(record.getString("outcome")).isEqualTo("answered");
            assertThat(record.getJsonObject("tracking").getString("campaign")).isEqualTo("spring-sofas");
            assertThat(record.getJsonObject("tracking").getString("visitorId")).isEqualTo(visitorId);
        }

        // Another visitor while the only pool number is leased: the fallback number, and the metric says so.
        double exhausted = metric("dozvon_tracking_pool_exhausted_total{pool=\"site\"}");
        Page other = browser.newContext().newPage();
        other.navigate(landing + "?utm_source=yandex&utm_campaign=beds");
        assertThat(other.locator("#phone")).hasText(FALLBACK);
        assertThat(metric("dozvon_tracking_pool_exhausted_total{pool=\"site\"}")).isEqualTo(exhausted + 1);

        // The first visitor coming back keeps their number.
        Page again = visit.newPage();
        again.navigate(landing);
        assertThat(again.locator("#phone")).hasText(POOLED);
    }

    @Test
    void theFirstAgentWhoTalksToACallerIsTheirManagerAndIsRungFirstNextTime() throws Exception {
        String caller = "+79005550001";
        try (Sipp.Uas annaPhone = Sipp.startUas("uas-phone-answer.xml", annaPort, 1, "-d", "100");
             // boris lets it ring 1.5 s (inside the 3 s first step): the screen pop checked below lives only
             // while the call rings, and at 100 ms it was gone before the browser could be asked about it (CI)
             Sipp.Uas borisPhone = Sipp.startUas("uas-phone-answer.xml", borisPort, 2, "-d", "1500")) {
            // First call: anna is away, so boris (the only one free) answers it.
            setPresence("anna", "away");
            CompletableFuture<Sipp.Result> first = callAsync(STATIC, caller, 2000);
            await().atMost(Duration.ofSeconds(10)).until(() -> "on_call".equals(agentStatus("boris").getString("state")));
            setPresence("anna", "available"); // anna is idle from now on: longer than boris, still on the call
            Sipp.assertOk(first.get(30, TimeUnit.SECONDS), "first call");

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                var r = gw.get("/api/customers/" + caller, T);
                return r.statusCode() == 200 && "boris".equals(new JsonObject(r.body()).getString("personalManager"));
            });
            assertThat(new JsonObject(gw.get("/api/customers/" + caller, T).body()).getString("personalManagerSetBy"))
                    .isEqualTo("auto");
            await().atMost(Duration.ofSeconds(10)).until(() -> "available".equals(agentStatus("boris").getString("state")));
            assertThat(Instant.parse(agentStatus("anna").getString("since")))
                    .as("anna has been idle longer: plain 'next' would ring her")
                    .isBefore(Instant.parse(agentStatus("boris").getString("since")));

            // Second call from the same number: boris rings first, and the screen pop knows the customer
            // (on anna's socket and on her console page).
            Page console = signIn("anna");
            Page borisConsole = signIn("boris");
            try (AgentClient anna = agentSocket("anna")) {
                CompletableFuture<Sipp.Result> second = callAsync(STATIC, caller.substring(1), 4000);
                JsonObject offer = anna.await("call.offer", Duration.ofSeconds(10));
                assertThat(offer.getJsonObject("customer").getString("personalManager")).isEqualTo("boris");
                JsonArray history = offer.getJsonArray("history");
                assertThat(history).isNotEmpty();
                assertThat(history.getJsonObject(0).getString("answeredBy")).isEqualTo("boris");
                assertThat(offer.getJsonObject("tracking").getString("campaign")).isEqualTo("sofas");
                assertThat(console.locator(".offer .chip.manager")).hasText("Manager: boris");
                assertThat(console.locator(".offer .offer-history")).containsText("by boris");

                // boris, talking to the caller, notes down who they are from his console
                assertThat(borisConsole.locator("#call-state")).hasText("Connected");
                borisConsole.getByLabel("Name").fill("Olga Smirnova");
                borisConsole.getByLabel("About them").fill("wants the green sofa");
                borisConsole.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Save customer")).click();
                assertThat(borisConsole.locator("#cust-status")).hasText("Saved.");
                JsonObject saved = new JsonObject(gw.get("/api/customers/" + caller, T).body());
                assertThat(saved.getString("name")).isEqualTo("Olga Smirnova");
                assertThat(saved.getString("note")).isEqualTo("wants the green sofa");
                assertThat(saved.getString("personalManager")).as("untouched by the card edit").isEqualTo("boris");
                assertThat(saved.getJsonArray("history").getJsonObject(0).getString("answeredBy"))
                        .as("their calls, newest first").isEqualTo("boris");
                Sipp.assertOk(second.get(30, TimeUnit.SECONDS), "second call");
                Sipp.assertOk(borisPhone.awaitDone(20), "boris's phone, both calls");

                JsonObject record = callRecord(offer.getString("callId"));
                assertThat(record.getString("answeredBy")).isEqualTo("boris");
                assertThat(record.getJsonArray("legs")).hasSize(1);
                assertThat(record.getJsonArray("legs").getJsonObject(0).getString("agent")).isEqualTo("boris");
                assertThat(record.getJsonObject("tracking").getString("campaign"))
                        .as("static tracking on the record").isEqualTo("sofas");
            }
        }
    }
}
