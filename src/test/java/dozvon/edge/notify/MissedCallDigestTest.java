package dozvon.edge.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dozvon.core.notify.Channel;
import dozvon.core.notify.MissedCallDigest;
import dozvon.core.notify.NotificationRouting;
import dozvon.core.notify.RetrySchedule;
import dozvon.core.port.Notification;
import dozvon.store.pg.MissedCallDigestJob;
import dozvon.store.pg.OutboxWorker;
import dozvon.store.pg.PgNotificationOutbox;
import io.vertx.ext.mail.MailClient;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dozvon.edge.notify.OutboxFixture.T0;
import static dozvon.edge.notify.OutboxFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

/** With {@code notifications.email.digest}, the head gets one mail per hour listing its missed calls; time is virtual. */
class MissedCallDigestTest {

    private OutboxFixture fx;
    private GreenMail smtp;
    private MailClient mail;
    private OutboxWorker worker;

    @BeforeEach
    void setUp() {
        fx = new OutboxFixture();
        int port = OutboxFixture.freePort();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        mail = EmailChannel.client(fx.vertx, "smtp://127.0.0.1:" + port, Duration.ofSeconds(5));
        fx.routing(new NotificationRouting(List.of(new NotificationRouting.Webhook("http://127.0.0.1:1/all", Set.of())),
                true, Map.of("sales", "igor@example.com"), true));
        worker = fx.worker(Map.of(Channel.EMAIL, new EmailChannel(mail, "dozvon@example.com",
                        new NotificationEmails(Map.of("sales", ZoneId.of("Europe/Moscow"))))),
                new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1), 5));
    }

    @AfterEach
    void tearDown() {
        get(mail.close().recover(e -> io.vertx.core.Future.succeededFuture()));
        smtp.stop();
        fx.close();
    }

    private void missed(String callId, String group, Instant at, String caller) {
        get(fx.notifier.notify(new Notification("call.missed", "call.missed:" + callId, at, Map.of("callId", callId,
                "group", group, "caller", caller, "dialed", "+74950000000", "arrivedAt", at.minusSeconds(30).toString(),
                "outcome", "missed", "waitSeconds", 30))));
    }

    @Test
    void theLastCompleteHourIsTheOneBeforeTheCurrentOne() {
        assertThat(MissedCallDigest.lastCompleteHour(Instant.parse("2027-03-01T11:00:00Z")))
                .isEqualTo(Instant.parse("2027-03-01T10:00:00Z"));
        assertThat(MissedCallDigest.lastCompleteHour(Instant.parse("2027-03-01T11:59:59.999Z")))
                .isEqualTo(Instant.parse("2027-03-01T10:00:00Z"));
    }

    @Test
    void oneMailPerHourListsThatHoursMissedCallsAndReplicasDoNotRepeatIt() throws Exception {
        missed("a", "sales", T0.plus(Duration.ofMinutes(5)), "+79000000001");
        missed("b", "sales", T0.plus(Duration.ofMinutes(20)), "+79000000002");
        missed("c", "sales", T0.plus(Duration.ofMinutes(59)), "+79000000003");
        missed("d", "sales", T0.plus(Duration.ofMinutes(70)), "+79000000004"); // the next hour
        missed("e", "support", T0.plus(Duration.ofMinutes(30)), "+79000000005"); // a group without a head address

        assertThat(fx.rows("SELECT count(*) FROM notification_deliveries WHERE channel = 'email'"))
                .as("no mail per call while the digest is on").containsExactly("0");

        fx.clock.advance(Duration.ofMinutes(60 + 30)); // 11:30: the 10:00 hour is complete
        PgNotificationOutbox outbox = new PgNotificationOutbox(fx.db.pool());
        MissedCallDigestJob replicaA = new MissedCallDigestJob(fx.vertx, outbox, fx.notifier, fx.clock, Duration.ofMinutes(1));
        MissedCallDigestJob replicaB = new MissedCallDigestJob(fx.vertx, outbox, fx.notifier, fx.clock, Duration.ofMinutes(1));
        assertThat(get(replicaA.runOnce())).as("sales and support missed calls in that hour").isEqualTo(2);
        assertThat(get(replicaA.runOnce())).as("that hour is done").isZero();
        get(replicaB.runOnce());
        // support's head has no address: its digest has nobody to go to and is not stored
        assertThat(fx.rows("SELECT idempotency_key FROM notifications WHERE event = 'digest.missed' ORDER BY 1"))
                .containsExactly("digest.missed:sales:2027-03-01T10:00:00Z");
        assertThat(fx.rows("SELECT d.channel || ' ' || d.target FROM notification_deliveries d JOIN notifications n"
                + " ON n.id = d.notification_id WHERE n.event = 'digest.missed'"))
                .as("digests go to heads only, never to webhooks").containsExactly("email igor@example.com");

        fx.round(worker); // also tries the per-call webhook deliveries, which this worker has no channel for
        assertThat(fx.result("email delivered")).isEqualTo(1);
        MimeMessage[] mails = smtp.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).isEqualTo("3 missed call(s), 13:00–14:00 (Europe/Moscow)");
        String body = mails[0].getContent().toString(); // decoded (the wire form is quoted-printable)
        assertThat(body).contains("13:04:30  +79000000001 → +74950000000  missed, waited 30 s  [a]");
        assertThat(body.indexOf("+79000000001")).isLessThan(body.indexOf("+79000000002"));
        assertThat(body.indexOf("+79000000002")).isLessThan(body.indexOf("+79000000003"));
        assertThat(body).doesNotContain("+79000000004").doesNotContain("+79000000005");
    }
}
