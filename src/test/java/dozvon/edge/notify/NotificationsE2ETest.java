package dozvon.edge.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dozvon.app.config.DozvonConfig;
import dozvon.core.port.Notification;
import dozvon.store.embedded.FreePort;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.Sipp;
import dozvon.testsupport.TcpProxy;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestStores;
import dozvon.testsupport.WebhookReceiver;
import io.vertx.core.Vertx;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Notifications through the whole gateway (in-process, real Postgres and Redis): a restart between the event and
 * the delivery still delivers exactly once, and a missed call placed by SIPp reaches the head by e-mail and the
 * webhook. Retries are 1 s apart here so waits stay short; nothing asserts how long they took.
 */
class NotificationsE2ETest {

    private static final String SECRET = "e2e-webhook-secret-0001";
    private static final String SALES = "+74950000000";

    private Vertx vertx;
    private WebhookReceiver receiver;
    private GreenMail smtp;
    private int annaPort;
    /** anna's phone, listening from set-up on: see {@link #setUp()}. */
    private Sipp.Uas anna;
    private int smtpPort;
    private DozvonConfig config;
    private final List<RunningGateway> gateways = new ArrayList<>();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        receiver = new WebhookReceiver(vertx, SECRET, FreePort.find(), Clock.systemUTC());
        smtpPort = FreePort.find();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        annaPort = FreePort.find();
        // The phone binds its port the moment it is picked: a port picked here and bound only when the call is
        // placed, seconds later, was once taken in between (SIPp: "Unable to bind main socket").
        if (Sipp.installed()) {
            anna = Sipp.startUas("uas-phone-ring-no-answer.xml", annaPort, 1);
        }
        config = config(TestStores.newDatabase());
    }

    private DozvonConfig config(String postgresUrl) {
        return TestConfig.load("""
                telephony: { ringSeconds: 1, wrapUpSeconds: 1 }
                callbacks: { autoDial: false }   # the missed calls here must not bring the dialer to anna's phone
                sip:
                  trunks: [ { name: pbx, allow: ["127.0.0.1/32"], outbound: "sip:127.0.0.1:9" } ]
                notifications:
                  email: { smtp: "smtp://127.0.0.1:%d", from: "dozvon@example.com" }
                  webhooks: [ { url: "%s", secret: "%s", events: [call.missed, callback.created] } ]
                  retry: { firstSeconds: 1, maxSeconds: 1, maxAttempts: 1000 }
                agents:
                  - { id: anna, group: sales, contact: "sip:anna@127.0.0.1:%d" }
                  - { id: igor, group: sales, email: "igor@example.com" }
                groups:
                  - id: sales
                    head: igor
                    hours: { timezone: Europe/Moscow, weekly: { mon-sun: "00:00-24:00" } }
                    chain: [ { target: "agent:anna", rings: 1 } ]
                numbers:
                  - { number: "%s", group: sales }
                """.formatted(smtpPort, receiver.url(), SECRET, annaPort, SALES),
                postgresUrl, TestStores.redisUrl(), TestStores.newRedisPrefix(),
                Map.of("DOZVON_DATA_DIR", TestStores.tempDir("dozvon-notify-e2e").toString()));
    }

    @AfterEach
    void tearDown() {
        if (anna != null) {
            anna.close();
        }
        gateways.forEach(RunningGateway::close);
        receiver.close();
        smtp.stop();
        vertx.close().await();
    }

    private RunningGateway start() {
        RunningGateway gw = RunningGateway.start(config);
        gateways.add(gw);
        return gw;
    }

    @Test
    void aNotificationQueuedBeforeARestartIsDeliveredExactlyOnceAfterIt() throws Exception {
        RunningGateway first = start();
        Notification created = new Notification("callback.created", "callback.created:t-42", Instant.now(),
                Map.of("taskId", "t-42", "phone", "+79001234567", "group", "sales"));
        first.gateway().notifier().notify(created).toCompletableFuture().get(10, TimeUnit.SECONDS);
        // the receiver is down: the first tries are refused and the delivery waits in the outbox
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts("callback.created:t-42") >= 2);
        first.close();

        receiver.start();
        RunningGateway second = start();
        // the same event told again after the restart (as a replay would): still one delivery
        second.gateway().notifier().notify(created).toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(status("callback.created:t-42")));
        second.close();

        assertThat(receiver.count("callback.created:t-42")).isEqualTo(1);
        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.event()).isEqualTo("callback.created");
            assertThat(r.body().getJsonObject("data").getString("taskId")).isEqualTo("t-42");
        });
        assertThat(smtp.getReceivedMessages()).as("callback.created is not mailed").isEmpty();
    }

    @Test
    void aMissedCallReachesTheHeadByMailAndTheWebhook() throws Exception {
        Sipp.assumeInstalled();
        receiver.start();
        RunningGateway gw = start();
        placeMissedCall(gw);
        // the missed call, and the callback task it opened (callback.created, not mailed)
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() == 2
                && smtp.getReceivedMessages().length == 1);
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::event)
                .containsExactlyInAnyOrder("call.missed", "callback.created");

        WebhookReceiver.Received hook = receiver.received().stream().filter(r -> r.event().equals("call.missed"))
                .findFirst().orElseThrow();
        assertThat(hook.signatureValid()).isTrue();
        assertThat(hook.event()).isEqualTo("call.missed");
        String callId = hook.body().getJsonObject("data").getString("callId");
        assertThat(hook.deliveryKey()).isEqualTo("call.missed:" + callId);
        assertThat(hook.body().getJsonObject("data").getString("outcome")).isEqualTo("missed");
        assertThat(hook.body().getJsonObject("data").getJsonArray("legs").getJsonObject(0).getString("target"))
                .isEqualTo("agent:anna");

        MimeMessage mail = smtp.getReceivedMessages()[0];
        assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("igor@example.com");
        assertThat(mail.getSubject()).startsWith("Missed call from +79001234567 at ").endsWith("(Europe/Moscow)");
        assertThat(mail.getContent().toString()).contains("to " + SALES).contains("agent:anna").contains(callId);
        await().atMost(Duration.ofSeconds(10)).until(() -> "delivered".equals(status("call.missed:" + callId)));
        String metrics = gw.get("/metrics", null).body();
        assertThat(metrics).contains("dozvon_notifications_total{channel=\"webhook\",result=\"delivered\"} 2.0")
                .contains("dozvon_notifications_total{channel=\"email\",result=\"delivered\"} 1.0")
                .contains("dozvon_notifications_pending ").contains("dozvon_notification_spool_pending 0.0");
    }

    @Test
    void aMissedCallWhileTheReceiverIsDownIsDeliveredOnceAfterARestart() throws Exception {
        Sipp.assumeInstalled();
        RunningGateway first = start();
        String callId = missedCall(first);
        await().atMost(Duration.ofSeconds(20)).until(() -> attempts("call.missed:" + callId) >= 1);
        first.close(); // stopped between the event and its delivery

        receiver.start();
        start();
        await().atMost(Duration.ofSeconds(20)).until(() -> "delivered".equals(status("call.missed:" + callId)));
        gateways.forEach(RunningGateway::close);
        assertThat(receiver.count("call.missed:" + callId)).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
    }

    @Test
    void aPostgresOutageDuringAMissedCallLosesNeitherItsRecordNorItsNotifications() throws Exception {
        Sipp.assumeInstalled();
        String direct = config.postgres().url();
        java.net.URI u = java.net.URI.create(direct);
        try (TcpProxy proxy = new TcpProxy(vertx, FreePort.find(), u.getHost(), u.getPort() < 0 ? 5432 : u.getPort())
                .restore()) {
            config = config(direct.replace(":" + (u.getPort() < 0 ? 5432 : u.getPort()) + "/", ":" + proxy.port() + "/"));
            receiver.start();
            RunningGateway gw = start();
            proxy.cut(); // Postgres goes away
            placeMissedCall(gw);
            // the record waits in the call-record spool, and what hangs off it (the notification, the callback
            // task) waits with it: they are made when the record reaches the database
            await().atMost(Duration.ofSeconds(20)).until(() -> metric(gw, "dozvon_cdr_spool_pending") == 1);
            assertThat(receiver.received()).isEmpty();
            assertThat(smtp.getReceivedMessages()).isEmpty();

            proxy.restore(); // and comes back: the spool replays, the record tells the outbox, which delivers
            // the missed call and the callback task made from it (before, the task was lost with the outage)
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() == 2
                    && smtp.getReceivedMessages().length == 1);
            String callId = receiver.received().stream().map(r -> r.body())
                    .filter(b -> "call.missed".equals(b.getString("event"))).findFirst().orElseThrow()
                    .getJsonObject("data").getString("callId");
            assertThat(receiver.count("call.missed:" + callId)).isEqualTo(1);
            assertThat(receiver.received()).anyMatch(r -> "callback.created".equals(r.body().getString("event")));
            await().atMost(Duration.ofSeconds(20)).until(() -> "missed".equals(query(
                    "SELECT outcome FROM calls WHERE id = ?", callId)));
            // and the missed call still became a callback task
            await().atMost(Duration.ofSeconds(20)).until(() -> "missed".equals(query(
                    "SELECT reason FROM callback_tasks WHERE last_call_id = ?", callId)));
            gw.close();
        }
        assertThat(receiver.received()).hasSize(2);
    }

    /** The PBX calls the sales number; anna's phone rings and nobody answers: 480, outcome missed. */
    private void placeMissedCall(RunningGateway gw) {
        Sipp.Result pbx = Sipp.run("uac-pbx-call-480.xml", gw.sipPort(), 1, 1, "-s", SALES, "-set", "caller",
                "+79001234567");
        assertThat(pbx.allSucceeded()).as("pbx: %s", pbx.output()).isTrue();
        Sipp.assertOk(anna.awaitDone(20), "anna's phone");
    }

    private String missedCall(RunningGateway gw) {
        placeMissedCall(gw);
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            id[0] = lastCallId(gw);
            return id[0] != null;
        });
        return id[0];
    }

    /** The newest call as the gateway's own API shows it. */
    private static String lastCallId(RunningGateway gw) {
        var r = gw.get("/api/calls?limit=1", TestConfig.ADMIN_TOKEN);
        if (r.statusCode() == 200) {
            io.vertx.core.json.JsonArray calls = new io.vertx.core.json.JsonArray(r.body());
            return calls.isEmpty() ? null : calls.getJsonObject(0).getString("callId");
        }
        return null;
    }

    private static double metric(RunningGateway gw, String name) {
        for (String line : gw.get("/metrics", null).body().split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    private int attempts(String key) throws Exception {
        String v = query("SELECT max(attempts) FROM notification_deliveries d JOIN notifications n"
                + " ON n.id = d.notification_id WHERE n.idempotency_key = ?", key);
        return v == null ? 0 : Integer.parseInt(v);
    }

    /** The delivery's status when there is exactly one delivery for the key (webhook only here). */
    private String status(String key) throws Exception {
        return query("SELECT string_agg(DISTINCT status, ',') FROM notification_deliveries d JOIN notifications n"
                + " ON n.id = d.notification_id WHERE n.idempotency_key = ?", key);
    }

    private String query(String sql, String key) throws Exception {
        try (Connection c = TestStores.jdbc(config.postgres().url()); var st = c.prepareStatement(sql)) {
            st.setString(1, key);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
