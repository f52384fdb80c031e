package dozvon.edge.ws;

import dozvon.app.config.DozvonConfig;
import dozvon.store.embedded.FreePort;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestStores;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent console's WebSocket protocol against an in-process gateway with real Postgres and Redis: sign-in,
 * the upgrade's 401, hello and presence, bad frames, the size limit, and (with SIPp as the PBX and the phones)
 * screen pops scoped to the group, a take race with exactly one winner, and the disposition in Postgres.
 */
class AgentSocketTest {

    static final String SALES = "+74950000000";
    static final String CALLER = "+79001234567";

    private static RunningGateway gw;
    private static Vertx vertx;
    private static String db;
    private static int annaPort;
    private static int borisPort;
    private static int mobilePort;
    private static DozvonConfig config;

    @BeforeAll
    static void start() {
        annaPort = FreePort.find();
        borisPort = FreePort.find();
        mobilePort = FreePort.find();
        config = TestConfig.fresh("""
                telephony: { ringSeconds: 1, wrapUpSeconds: 1 }
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"], outbound: "sip:127.0.0.1:%d" } ]
                agents:
                  - { id: anna, name: "Anna Petrova", group: sales, contact: "sip:anna@127.0.0.1:%d", password: "anna-secret" }
                  - { id: boris, name: "Boris", group: sales, contact: "sip:boris@127.0.0.1:%d", password: "boris-secret" }
                  - { id: vera, name: "Vera", group: support, contact: "sip:vera@127.0.0.1:%d", password: "vera-secret" }
                  - { id: zoe, group: sales, contact: "sip:zoe@127.0.0.1:%d", password: "zoe-secret" }
                groups:
                  - id: sales
                    chain: [ { target: "number:+79160000009", seconds: 20 } ]
                  - id: support
                    chain: [ { target: "number:+79160000008", seconds: 20 } ]
                numbers:
                  - { number: "%s", group: sales, tracking: { source: google, medium: cpc, campaign: sofas } }
                """.formatted(mobilePort, annaPort, borisPort, FreePort.find(), FreePort.find(), SALES));
        db = config.postgres().url();
        gw = RunningGateway.start(config);
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    /** A call older than the ended calls the consoles keep: its record decides who may file its disposition. */
    @Test
    void aDispositionForACallNoLongerKeptIsCheckedAgainstTheCallsRecord() throws Exception {
        try (Connection c = TestStores.jdbc(db)) {
            c.createStatement().execute("INSERT INTO calls (id, caller, dialed, arrived_at, outcome, answered_by) "
                    + "VALUES ('long-ago', '+79005550000', '" + SALES + "', now() - interval '3 hours', 'answered', 'anna')");
        }
        try (AgentClient anna = agent("anna"); AgentClient boris = agent("boris")) {
            boris.send(new JsonObject().put("type", "call.disposition").put("callId", "long-ago").put("category", "sale"));
            assertThat(boris.await("error").getString("error")).contains("took or answered");
            anna.send(new JsonObject().put("type", "call.disposition").put("callId", "never-was").put("category", "sale"));
            assertThat(anna.await("error").getString("callId")).isEqualTo("never-was");
            anna.send(new JsonObject().put("type", "call.disposition").put("callId", "long-ago").put("category", "sale")
                    .put("value", "order 7"));
            assertThat(anna.await("disposition.saved").getString("callId")).isEqualTo("long-ago");
        }
        try (Connection c = TestStores.jdbc(db); var st = c.prepareStatement(
                "SELECT disposition->>'category', disposition->>'value', disposition->>'agent' FROM calls WHERE id = 'long-ago'")) {
            ResultSet rs = st.executeQuery();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("sale");
            assertThat(rs.getString(2)).isEqualTo("order 7");
            assertThat(rs.getString(3)).isEqualTo("anna");
        }
    }

    static String login(RunningGateway gw, String agent, String password) {
        var r = gw.send("POST", "/api/login", null, "application/json",
                new JsonObject().put("agentId", agent).put("password", password).encode());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return new JsonObject(r.body()).getString("token");
    }

    /**
     * Ended calls stay known for late takes and dispositions, but only the newest
     * {@link ConsoleHub#MAX_ENDED_KEPT}, without their cards: the hub once kept two hours of them, millions at
     * high call rates. The calls come in over the Redis bus, as calls of another replica do, for a group with
     * nobody connected (a connected agent would get the whole burst on its socket).
     */
    @Test
    void onlyTheNewestEndedCallsAreKept() throws Exception {
        int total = ConsoleHub.MAX_ENDED_KEPT + 50;
        double before = metric("dozvon_console_calls");
        io.vertx.redis.client.Redis redis = io.vertx.redis.client.Redis.createClient(vertx, TestStores.redisUrl());
        try {
            String channel = config.redis().keyPrefix() + "console:calls";
            List<io.vertx.redis.client.Request> batch = new java.util.ArrayList<>();
            for (int i = 0; i < total; i++) {
                String id = "bulk-" + i;
                batch.add(publish(channel, new JsonObject().put("t", "offer").put("callId", id).put("group", "support")
                        .put("caller", "+7900" + i).put("dialed", SALES).put("at", System.currentTimeMillis())));
                batch.add(publish(channel, new JsonObject().put("t", "ended").put("callId", id).put("group", "support")
                        .put("outcome", "missed")));
                if (batch.size() >= 1000 || i == total - 1) {
                    redis.batch(batch).toCompletionStage().toCompletableFuture()
                            .get(10, java.util.concurrent.TimeUnit.SECONDS);
                    batch.clear();
                }
            }
        } finally {
            redis.close();
        }
        // the burst is heard once the last call is in; the oldest 50 (and any before them) have gone
        await().atMost(Duration.ofSeconds(60)).until(() -> metric("dozvon_console_calls") == ConsoleHub.MAX_ENDED_KEPT);
        assertThat(before).isLessThanOrEqualTo(ConsoleHub.MAX_ENDED_KEPT);
        try (AgentClient vera = agent("vera")) {
            vera.send(new JsonObject().put("type", "call.take").put("callId", "bulk-" + (total - 1)));
            assertThat(vera.await("call.ended").getString("callId")).isEqualTo("bulk-" + (total - 1));
            vera.send(new JsonObject().put("type", "call.take").put("callId", "bulk-50"));
            assertThat(vera.await("call.ended").getString("callId")).as("the oldest call kept").isEqualTo("bulk-50");
            vera.send(new JsonObject().put("type", "call.take").put("callId", "bulk-49"));
            JsonObject gone = vera.await("error");
            assertThat(gone.getString("callId")).isEqualTo("bulk-49");
            assertThat(gone.getString("error")).contains("no such call");
        }
    }

    private static io.vertx.redis.client.Request publish(String channel, JsonObject m) {
        return io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.PUBLISH).arg(channel).arg(m.encode());
    }

    private static double metric(String name) {
        String prefix = name + " ";
        return gw.get("/metrics", null).body().lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()).trim())).findFirst().orElse(-1);
    }

    private static AgentClient agent(String id) throws Exception {
        AgentClient c = AgentClient.connect(vertx, httpPort(), "/ws/agent", login(gw, id, id + "-secret"));
        c.await("hello");
        return c;
    }

    private static int httpPort() {
        return gw.gateway().httpPort();
    }

    @Test
    void loginGivesATokenForTheSocketAndHelloCarriesTheAgentAndPresence() throws Exception {
        var r = gw.send("POST", "/api/login", null, "application/json", "{\"agentId\":\"anna\",\"password\":\"anna-secret\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getJsonObject("agent").getString("group")).isEqualTo("sales");
        assertThat(r.body()).doesNotContain("anna-secret");
        try (AgentClient c = AgentClient.connect(vertx, httpPort(), "/ws/agent", body.getString("token"))) {
            JsonObject hello = c.await("hello");
            assertThat(hello.getJsonObject("agent").getString("id")).isEqualTo("anna");
            assertThat(hello.getJsonObject("agent").getString("name")).isEqualTo("Anna Petrova");
            assertThat(hello.getString("presence")).isEqualTo("available");
            c.send(new JsonObject().put("type", "ping"));
            c.await("pong");
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.get("/metrics", null).body()
                    .lines().anyMatch(l -> l.startsWith("dozvon_ws_sessions ") && !l.endsWith(" 0.0")));
        }
    }

    @Test
    void wrongPasswordsAre401AndRepeatedFailuresAreSlowedTo429() {
        String bad = "{\"agentId\":\"zoe\",\"password\":\"guess\"}";
        for (int i = 0; i < 5; i++) {
            var r = gw.send("POST", "/api/login", null, "application/json", bad);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).doesNotContain("zoe-secret");
        }
        var blocked = gw.send("POST", "/api/login", null, "application/json", bad);
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).isPresent();
        // even the right password waits out the block
        assertThat(gw.send("POST", "/api/login", null, "application/json",
                "{\"agentId\":\"zoe\",\"password\":\"zoe-secret\"}").statusCode()).isEqualTo(429);
        // an unknown agent looks like a wrong password; a malformed body is a 400 naming the field
        assertThat(gw.send("POST", "/api/login", null, "application/json",
                "{\"agentId\":\"nobody\",\"password\":\"x\"}").statusCode()).isEqualTo(401);
        var malformed = gw.send("POST", "/api/login", null, "application/json", "{\"agentId\":\"anna\"}");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"field\":\"password\"");
    }

    @Test
    void adminIssuesAgentTokens() throws Exception {
        String body = "{\"agentId\":\"boris\"}";
        assertThat(gw.send("POST", "/api/tokens/agent", null, "application/json", body).statusCode()).isEqualTo(401);
        assertThat(gw.send("POST", "/api/tokens/agent", TestConfig.ADMIN_TOKEN, "application/json",
                "{\"agentId\":\"ghost\"}").statusCode()).isEqualTo(404);
        var r = gw.send("POST", "/api/tokens/agent", TestConfig.ADMIN_TOKEN, "application/json", body);
        assertThat(r.statusCode()).isEqualTo(200);
        try (AgentClient c = AgentClient.connect(vertx, httpPort(), "/ws/agent", new JsonObject(r.body()).getString("token"))) {
            assertThat(c.await("hello").getJsonObject("agent").getString("id")).isEqualTo("boris");
        }
    }

    @Test
    void badExpiredOrForeignTokensAreRefusedWith401AtTheUpgrade() {
        String good = login(gw, "anna", "anna-secret");
        AgentTokens expiredIssuer = AgentTokens.fromAdminToken(TestConfig.ADMIN_TOKEN, Duration.ofMinutes(1),
                Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC));
        AgentTokens foreign = AgentTokens.fromAdminToken("another-deployment", Duration.ofHours(1), Clock.systemUTC());
        String tampered = good.substring(0, good.length() - 3) + (good.endsWith("AAA") ? "BBB" : "AAA");
        for (String token : List.of("", "garbage", tampered, expiredIssuer.issue("anna", "sales"),
                foreign.issue("anna", "sales"))) {
            Throwable refused = AgentClient.refusal(vertx, httpPort(), "/ws/agent", token);
            assertThat(refused).as("token %s", token).isInstanceOf(UpgradeRejectedException.class);
            assertThat(((UpgradeRejectedException) refused).getStatus()).isEqualTo(401);
        }
        Throwable wallboard = AgentClient.refusal(vertx, httpPort(), "/ws/wallboard", good);
        assertThat(((UpgradeRejectedException) wallboard).getStatus()).as("an agent token is not an admin token").isEqualTo(401);
        assertThat(AgentClient.refusal(vertx, httpPort(), "/ws/wallboard", TestConfig.ADMIN_TOKEN)).isNull();
    }

    @Test
    void badFramesGetAnErrorAndTheSocketStaysOpen() throws Exception {
        try (AgentClient c = agent("boris")) {
            for (String junk : List.of("not json", "[1,2]", "{\"type\":5}", "{\"type\":\"call.explode\"}",
                    "{\"type\":\"call.take\"}", "{\"type\":\"presence.set\",\"state\":\"on_call\"}",
                    "{\"type\":\"call.disposition\",\"callId\":\"x\"}", "{\"type\":\"call.take\",\"callId\":\"no-such\"}")) {
                c.sendText(junk);
                assertThat(c.await("error").getString("error")).as(junk).isNotBlank();
            }
            c.sendBinary(Buffer.buffer(new byte[] {1, 2, 3}));
            assertThat(c.await("error").getString("error")).contains("binary");
            c.send(new JsonObject().put("type", "ping"));
            c.await("pong");
            assertThat(c.isClosed()).isFalse();
        }
    }

    @Test
    void aMessageOverTheSizeLimitClosesTheSocketWith1009() throws Exception {
        try (AgentClient c = agent("boris")) {
            c.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(20 * 1024) + "\"}");
            assertThat(c.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo((short) 1009);
        }
        try (AgentClient c = agent("boris")) {
            // split over frames: the limit is on the message, not the frame
            String big = "x".repeat(10 * 1024);
            c.sendFrame(WebSocketFrame.textFrame("{\"type\":\"ping\",\"a\":\"" + big, false));
            c.sendFrame(WebSocketFrame.continuationFrame(Buffer.buffer(big + "\"}"), true));
            assertThat(c.closed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo((short) 1009);
        }
    }

    @Test
    void presenceSetChangesTheStateAndAnswersPresence() throws Exception {
        try (AgentClient c = agent("vera")) {
            c.send(new JsonObject().put("type", "presence.set").put("state", "away"));
            assertThat(c.await("presence").getString("state")).isEqualTo("away");
            assertThat(gw.get("/api/agents", TestConfig.ADMIN_TOKEN).body()).contains("\"away\"");
            c.send(new JsonObject().put("type", "presence.set").put("state", "available"));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                    assertThat(c.await("presence").getString("state")).isEqualTo("available"));
        }
    }

    /** Two agents of the group see the call; an agent of another group sees nothing; one take wins. */
    @Test
    void offersReachTheGroupOnlyAndOfTwoSimultaneousTakesExactlyOneWins() throws Exception {
        Sipp.assumeInstalled();
        try (AgentClient anna = agent("anna"); AgentClient boris = agent("boris"); AgentClient vera = agent("vera");
             Sipp.Uas mobile = Sipp.startUas("uas-phone-ring-no-answer.xml", mobilePort, 1);
             Sipp.Uas annaPhone = Sipp.startUas("uas-phone-auto-answer.xml", annaPort, 1);
             Sipp.Uas borisPhone = Sipp.startUas("uas-phone-auto-answer.xml", borisPort, 1)) {
            CompletableFuture<Sipp.Result> pbx = CompletableFuture.supplyAsync(() -> Sipp.run("uac-pbx-call-answered.xml",
                    gw.sipPort(), 1, 1, "-s", SALES, "-set", "caller", CALLER, "-d", "1500"));

            JsonObject offerA = anna.await("call.offer");
            JsonObject offerB = boris.await("call.offer");
            String callId = offerA.getString("callId");
            assertThat(offerB.getString("callId")).isEqualTo(callId);
            assertThat(offerA.getString("caller")).isEqualTo(CALLER);
            assertThat(offerA.getString("dialed")).isEqualTo(SALES);
            assertThat(offerA.getJsonObject("tracking").getString("campaign")).isEqualTo("sofas");
            assertThat(offerA.getJsonArray("history")).isEmpty();
            // the screen pop's latency is measured: one observation for this call on this replica
            await().atMost(Duration.ofSeconds(5)).until(() -> gw.get("/metrics", null).body()
                    .lines().anyMatch(l -> l.startsWith("dozvon_ws_offer_seconds_count ") && !l.endsWith(" 0.0")));

            // a reconnecting agent (here: a second tab) gets the offers still open
            try (AgentClient annaAgain = agent("anna")) {
                assertThat(annaAgain.await("call.offer").getString("callId")).isEqualTo(callId);
            }

            JsonObject take = new JsonObject().put("type", "call.take").put("callId", callId);
            anna.send(take);
            boris.send(take);
            String winner = anna.await("call.taken").getString("by");
            assertThat(boris.await("call.taken").getString("by")).isEqualTo(winner);
            assertThat(winner).isIn("anna", "boris");
            AgentClient won = winner.equals("anna") ? anna : boris;
            AgentClient lost = winner.equals("anna") ? boris : anna;
            Sipp.Uas winnerPhone = winner.equals("anna") ? annaPhone : borisPhone;
            assertThat(lost.await("error").getString("error")).contains("not yours");

            assertThat(won.await("call.connected").getString("callId")).isEqualTo(callId);
            assertThat(won.await("call.ended", Duration.ofSeconds(15)).getString("outcome")).isEqualTo("answered");
            // the loser closed the pop on call.taken: what followed was the winner's business only
            assertThat(lost.drain(Duration.ofMillis(300)).stream().map(m -> m.getString("type")))
                    .doesNotContain("call.connected", "call.ended", "call.offer");

            Sipp.Result pbxResult = pbx.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(pbxResult.allSucceeded()).as(pbxResult.output()).isTrue();
            Sipp.Result phone = winnerPhone.awaitDone(10);
            assertThat(phone.allSucceeded()).as("the winner's phone got the auto-answer INVITE:%n%s", phone.output()).isTrue();

            // the other group never heard of the call
            assertThat(vera.drain(Duration.ofMillis(500)).stream().map(m -> m.getString("type")))
                    .doesNotContain("call.offer", "call.taken", "call.connected", "call.ended");
            assertThat(vera.skipped).isEmpty();

            // the result of the call, from the one who took it only
            lost.send(new JsonObject().put("type", "call.disposition").put("callId", callId).put("category", "sale"));
            assertThat(lost.await("error").getString("error")).contains("took or answered");
            won.send(new JsonObject().put("type", "call.disposition").put("callId", callId).put("category", "sale")
                    .put("value", "order 1042").put("note", "sofa, delivery Friday"));
            assertThat(won.await("disposition.saved").getString("callId")).isEqualTo(callId);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (Connection c = TestStores.jdbc(db); var st = c.prepareStatement(
                        "SELECT disposition->>'category', disposition->>'value', disposition->>'agent', answered_by FROM calls WHERE id = ?")) {
                    st.setString(1, callId);
                    ResultSet rs = st.executeQuery();
                    assertThat(rs.next()).as("call row").isTrue();
                    assertThat(rs.getString(1)).isEqualTo("sale");
                    assertThat(rs.getString(2)).isEqualTo("order 1042");
                    assertThat(rs.getString(3)).isEqualTo(winner);
                    assertThat(rs.getString(4)).isEqualTo(winner);
                }
            });
        }
    }
}
