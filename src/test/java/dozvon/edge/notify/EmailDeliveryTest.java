package dozvon.edge.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dozvon.core.chain.CallCommand;
import dozvon.core.chain.CallOutcome;
import dozvon.core.chain.CallRecord;
import dozvon.core.chain.Leg;
import dozvon.core.chain.LegKind;
import dozvon.core.chain.LegResult;
import dozvon.core.notify.CallNotifications;
import dozvon.core.notify.Channel;
import dozvon.core.notify.NotificationRouting;
import dozvon.core.notify.RetrySchedule;
import dozvon.core.port.Notification;
import dozvon.store.pg.OutboxWorker;
import io.vertx.ext.mail.MailClient;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static dozvon.edge.notify.OutboxFixture.T0;
import static dozvon.edge.notify.OutboxFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

/** Missed-call e-mails from the outbox through the Vert.x mail client into GreenMail on a free port. */
class EmailDeliveryTest {

    private OutboxFixture fx;
    private GreenMail smtp;
    private MailClient mail;
    private OutboxWorker worker;

    @BeforeEach
    void setUp() {
        fx = new OutboxFixture();
        int port = OutboxFixture.freePort();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail = EmailChannel.client(fx.vertx, "smtp://127.0.0.1:" + port, Duration.ofSeconds(5));
        fx.routing(new NotificationRouting(List.of(), true, Map.of("sales", "igor@example.com")));
        worker = fx.worker(Map.of(Channel.EMAIL, new EmailChannel(mail, "dozvon@example.com",
                        new NotificationEmails(Map.of("sales", ZoneId.of("Europe/Moscow"))))),
                new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1), 5));
    }

    @AfterEach
    void tearDown() {
        // a pooled SMTP connection may already be gone: closing the client is best effort
        get(mail.close().recover(e -> io.vertx.core.Future.succeededFuture()));
        smtp.stop();
        fx.close();
    }

    /** The chain rang anna, then the head's mobile; nobody answered. */
    private static Notification missedCall() {
        CallRecord call = new CallRecord("c-777", "+79001234567", "+74950000000", "sales", T0, T0.plusSeconds(1), null,
                T0.plusSeconds(47), CallOutcome.MISSED, null, Duration.ofSeconds(47), Duration.ZERO, false, 480,
                "chain exhausted");
        List<Leg> legs = List.of(
                new Leg("c-777-L1", 0, LegKind.AGENT, "anna", "sip:anna@127.0.0.1:5071", false, T0, T0.plusSeconds(1),
                        null, T0.plusSeconds(15), LegResult.NO_ANSWER),
                new Leg("c-777-L2", 1, LegKind.NUMBER, null, "+79160000002", false, T0.plusSeconds(15), null, null,
                        T0.plusSeconds(16), LegResult.BUSY));
        return new CallNotifications(n -> null, Duration.ofSeconds(5), event -> true)
                .notificationFor(new CallCommand.Record(call, legs, List.of())).orElseThrow();
    }

    @Test
    void theGroupHeadGetsOneMailPerMissedCallInTheGroupsLocalTime() throws Exception {
        smtp.start();
        get(fx.notifier.notify(missedCall()));
        get(fx.notifier.notify(missedCall())); // told twice (a replayed record): still one mail

        assertThat(fx.round(worker)).isEqualTo(1);

        MimeMessage[] received = smtp.getReceivedMessages();
        assertThat(received).hasSize(1);
        MimeMessage m = received[0];
        assertThat(m.getAllRecipients()).extracting(Object::toString).containsExactly("igor@example.com");
        assertThat(m.getFrom()).extracting(Object::toString).containsExactly("dozvon@example.com");
        // 10:00 UTC is 13:00 in Moscow
        assertThat(m.getSubject()).isEqualTo("Missed call from +79001234567 at 2027-03-01 13:00:00 (Europe/Moscow)");
        assertThat(m.getHeader("X-Dozvon-Delivery")).containsExactly("call.missed:c-777");
        String body = m.getContent().toString().replace("\r\n", "\n"); // decoded (the wire form is quoted-printable)
        assertThat(body).contains("Missed call from +79001234567 to +74950000000 (group sales)")
                .contains("When: 2027-03-01 13:00:00 (Europe/Moscow), the caller waited 47 s")
                .contains("Outcome: missed (chain exhausted)")
                .contains("1. agent:anna — no_answer")
                .contains("2. number:+79160000002 — busy")
                .contains("Call id: c-777");
        assertThat(fx.rows("SELECT channel || ' ' || status FROM notification_deliveries")).containsExactly("email delivered");
        assertThat(fx.result("email delivered")).isEqualTo(1);
    }

    @Test
    void anSmtpServerThatIsDownIsRetriedUntilItIsBack() {
        get(fx.notifier.notify(missedCall()));
        assertThat(fx.round(worker)).isEqualTo(1); // nothing listens yet
        assertThat(fx.rows("SELECT status || ' ' || attempts FROM notification_deliveries")).containsExactly("pending 1");
        assertThat(fx.result("email retry")).isEqualTo(1);

        smtp.start();
        fx.clock.advance(Duration.ofSeconds(10));
        assertThat(fx.round(worker)).isEqualTo(1);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(fx.rows("SELECT status || ' ' || attempts FROM notification_deliveries")).containsExactly("delivered 2");
    }
}
