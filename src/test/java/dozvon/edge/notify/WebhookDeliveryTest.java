package dozvon.edge.notify;

import dozvon.core.notify.Channel;
import dozvon.core.notify.NotificationRouting;
import dozvon.core.notify.RetrySchedule;
import dozvon.core.port.Notification;
import dozvon.store.pg.OutboxWorker;
import dozvon.testsupport.WebhookReceiver;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static dozvon.edge.notify.OutboxFixture.T0;
import static dozvon.edge.notify.OutboxFixture.get;
import static org.assertj.core.api.Assertions.assertThat;

/** Webhooks from the outbox into a real local HTTP server that verifies every signature; time is virtual. */
class WebhookDeliveryTest {

    private static final String SECRET = "test-webhook-secret-0001";
    private OutboxFixture fx;
    private WebhookReceiver receiver;
    private WebClient client;

    @BeforeEach
    void setUp() {
        fx = new OutboxFixture();
        receiver = new WebhookReceiver(fx.vertx, SECRET, OutboxFixture.freePort(), fx.clock);
        client = WebClient.create(fx.vertx);
        fx.routing(new NotificationRouting(List.of(new NotificationRouting.Webhook(receiver.url(), Set.of())), false,
                Map.of()));
    }

    @AfterEach
    void tearDown() {
        receiver.close();
        client.close();
        fx.close();
    }

    private OutboxWorker worker(RetrySchedule schedule) {
        return fx.worker(Map.of(Channel.WEBHOOK,
                new WebhookChannel(client, Map.of(receiver.url(), SECRET), fx.clock, Duration.ofSeconds(5))), schedule);
    }

    private static Notification missed(String callId) {
        return new Notification("call.missed", "call.missed:" + callId, T0,
                Map.of("callId", callId, "caller", "+79001234567", "legs", List.of(Map.of("target", "agent:anna"))));
    }

    @Test
    void postsSignedJsonWithTheEventAndTheDeliveryKey() {
        receiver.start();
        get(fx.notifier.notify(missed("c1")));
        OutboxWorker worker = worker(new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1), 5));

        assertThat(fx.round(worker)).isEqualTo(1);

        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.deliveryKey()).isEqualTo("call.missed:c1");
            assertThat(r.event()).isEqualTo("call.missed");
            assertThat(r.body()).isEqualTo(new JsonObject()
                    .put("id", "call.missed:c1").put("event", "call.missed").put("occurredAt", T0.toString())
                    .put("data", new JsonObject().put("callId", "c1").put("caller", "+79001234567")
                            .put("legs", List.of(Map.of("target", "agent:anna")))));
        });
        assertThat(fx.rows("SELECT status || ' ' || attempts || ' ' || delivered_at::text FROM notification_deliveries"))
                .containsExactly("delivered 1 2027-03-01 10:00:00+00");
        assertThat(fx.result("webhook delivered")).isEqualTo(1);
        assertThat(fx.round(worker)).isZero(); // nothing left: never sent twice
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void userInfoInTheUrlIsSentAsBasicAuthentication() {
        receiver.start();
        String withCredentials = receiver.url().replace("http://", "http://sms-user:p%40ss@");
        fx.routing(new NotificationRouting(List.of(new NotificationRouting.Webhook(withCredentials, Set.of())), false,
                Map.of()));
        get(fx.notifier.notify(missed("c5")));
        OutboxWorker worker = fx.worker(Map.of(Channel.WEBHOOK, new WebhookChannel(client,
                        Map.of(withCredentials, SECRET), fx.clock, Duration.ofSeconds(5))),
                new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1), 5));

        assertThat(fx.round(worker)).isEqualTo(1);
        assertThat(receiver.received()).singleElement().satisfies(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder()
                    .encodeToString("sms-user:p@ss".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        });
        assertThat(fx.rows("SELECT status FROM notification_deliveries")).containsExactly("delivered");
    }

    @Test
    void aFailingReceiverIsRetriedWithDoublingDelaysOnVirtualTime() {
        receiver.start();
        receiver.answerNext(500, 503);
        get(fx.notifier.notify(missed("c2")));
        OutboxWorker worker = worker(new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1), 5));

        assertThat(fx.round(worker)).isEqualTo(1); // 500
        assertThat(fx.rows("SELECT last_error FROM notification_deliveries")).containsExactly("HTTP 500");
        fx.clock.advance(Duration.ofMillis(9_999));
        assertThat(fx.round(worker)).as("not due before 10 s").isZero();
        fx.clock.advance(Duration.ofMillis(1));
        assertThat(fx.round(worker)).isEqualTo(1); // 503
        fx.clock.advance(Duration.ofMillis(19_999));
        assertThat(fx.round(worker)).as("not due before 20 s more").isZero();
        fx.clock.advance(Duration.ofMillis(1));
        assertThat(fx.round(worker)).isEqualTo(1); // 200

        assertThat(receiver.received()).hasSize(3).allSatisfy(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.deliveryKey()).isEqualTo("call.missed:c2");
        });
        assertThat(fx.rows("SELECT status || ' ' || attempts || ' ' || coalesce(last_error, '-') FROM notification_deliveries"))
                .containsExactly("delivered 3 -");
        assertThat(fx.result("webhook retry")).isEqualTo(2);
        assertThat(fx.result("webhook delivered")).isEqualTo(1);
    }

    @Test
    void anUnreachableReceiverFailsTheDeliveryAfterMaxAttempts() {
        // the receiver never starts: connection refused on each try
        get(fx.notifier.notify(missed("c3")));
        OutboxWorker worker = worker(new RetrySchedule(Duration.ofSeconds(1), Duration.ofSeconds(4), 3));
        for (int i = 0; i < 3; i++) {
            assertThat(fx.round(worker)).isEqualTo(1);
            fx.clock.advance(Duration.ofSeconds(4));
        }
        assertThat(fx.round(worker)).isZero();
        assertThat(fx.rows("SELECT status || ' ' || attempts FROM notification_deliveries")).containsExactly("failed 3");
        assertThat(fx.rows("SELECT last_error FROM notification_deliveries")).singleElement().asString().isNotBlank();
        assertThat(fx.result("webhook retry")).isEqualTo(2);
        assertThat(fx.result("webhook failed")).isEqualTo(1);
    }

    @Test
    void twoReplicasWorkingTheSameOutboxSendEachDeliveryExactlyOnce() {
        receiver.start();
        for (int i = 0; i < 60; i++) {
            get(fx.notifier.notify(missed("r" + i)));
        }
        RetrySchedule schedule = new RetrySchedule(Duration.ofSeconds(10), Duration.ofHours(1), 5);
        OutboxWorker a = worker(schedule);
        OutboxWorker b = worker(schedule);
        int tried = 0;
        for (int round = 0; round < 10 && tried < 60; round++) {
            // both replicas claim at the same moment, again and again
            CompletableFuture<Integer> ra = a.runOnce().toCompletionStage().toCompletableFuture();
            CompletableFuture<Integer> rb = b.runOnce().toCompletionStage().toCompletableFuture();
            tried += get(ra) + get(rb);
        }
        assertThat(tried).isEqualTo(60);
        List<String> keys = new ArrayList<>();
        receiver.received().forEach(r -> keys.add(r.deliveryKey()));
        assertThat(keys).hasSize(60).doesNotHaveDuplicates();
        assertThat(fx.rows("SELECT count(*) FROM notification_deliveries WHERE status = 'delivered' AND attempts = 1"))
                .containsExactly("60");
    }
}
