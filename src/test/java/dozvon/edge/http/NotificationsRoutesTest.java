package dozvon.edge.http;

import dozvon.core.notify.Channel;
import dozvon.core.notify.DeliveryTarget;
import dozvon.core.notify.OutboxDelivery;
import dozvon.core.port.Notification;
import dozvon.store.pg.PgDatabase;
import dozvon.store.pg.PgNotificationOutbox;
import dozvon.testsupport.MutableClock;
import dozvon.testsupport.TestStores;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dozvon.edge.http.ApiServer.await;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /api/notifications} over HTTP on an outbox in a real Postgres. */
class NotificationsRoutesTest {

    private static final Instant T0 = Instant.parse("2027-03-01T10:00:00Z");
    private ApiServer api;
    private PgNotificationOutbox outbox;
    private long failedId;
    private long deliveredId;

    @BeforeEach
    void setUp() {
        api = new ApiServer();
        PgDatabase db = TestStores.migrated(api.vertx, TestStores.newDatabase(), 2);
        outbox = new PgNotificationOutbox(db.pool());
        await(outbox.enqueue(new Notification("call.missed", "call.missed:c1", T0, Map.of("callId", "c1")),
                List.of(new DeliveryTarget(Channel.WEBHOOK, "https://crm:pw@crm.example/hook")), T0));
        await(outbox.enqueue(new Notification("call.answered", "call.answered:c2", T0, Map.of("callId", "c2")),
                List.of(new DeliveryTarget(Channel.EMAIL, "igor@example.com")), T0));
        List<OutboxDelivery> claimed = await(outbox.claimDue(T0, T0.plusSeconds(60), 10));
        failedId = claimed.get(0).id();
        deliveredId = claimed.get(1).id();
        await(outbox.failed(failedId, "HTTP 500"));
        await(outbox.delivered(deliveredId, T0.plusSeconds(1)));
        api.with(new NotificationsRoutes(outbox, new MutableClock(T0.plusSeconds(3600)))).start();
    }

    @AfterEach
    void tearDown() {
        api.close();
    }

    @Test
    void listsDeliveriesNewestFirstWithoutCredentialsInTargets() {
        HttpResponse<String> r = api.get("/api/notifications");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonArray all = new JsonArray(r.body());
        assertThat(all).hasSize(2);
        JsonObject failed = all.getJsonObject(1);
        assertThat(failed.getLong("id")).isEqualTo(failedId);
        assertThat(failed.getString("key")).isEqualTo("call.missed:c1");
        assertThat(failed.getString("event")).isEqualTo("call.missed");
        assertThat(failed.getString("channel")).isEqualTo("webhook");
        assertThat(failed.getString("target")).isEqualTo("https://crm:***@crm.example/hook");
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getInteger("attempts")).isEqualTo(1);
        assertThat(failed.getString("lastError")).isEqualTo("HTTP 500");
        assertThat(all.getJsonObject(0).getString("deliveredAt")).isEqualTo("2027-03-01T10:00:01Z");

        JsonArray onlyFailed = new JsonArray(api.get("/api/notifications?status=failed").body());
        assertThat(onlyFailed).hasSize(1);
        assertThat(onlyFailed.getJsonObject(0).getLong("id")).isEqualTo(failedId);
    }

    @Test
    void aFailedDeliveryStartsOverOnRequestAndOthersAreRefused() {
        HttpResponse<String> r = api.send("POST", "/api/notifications/" + failedId + "/retry", ApiServer.TOKEN, null, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonObject now = new JsonArray(api.get("/api/notifications?status=pending").body()).getJsonObject(0);
        assertThat(now.getLong("id")).isEqualTo(failedId);
        assertThat(now.getInteger("attempts")).isZero();
        assertThat(now.getString("nextAttemptAt")).isEqualTo("2027-03-01T11:00:00Z");
        // due now: the worker's next claim takes it
        assertThat(await(outbox.claimDue(T0.plusSeconds(3600), T0.plusSeconds(3700), 10)))
                .extracting(OutboxDelivery::id).containsExactly(failedId);

        HttpResponse<String> delivered = api.send("POST", "/api/notifications/" + deliveredId + "/retry",
                ApiServer.TOKEN, null, null);
        assertThat(delivered.statusCode()).isEqualTo(409);
        assertThat(new JsonObject(delivered.body()).getString("field")).isEqualTo("id");
        assertThat(api.send("POST", "/api/notifications/987654/retry", ApiServer.TOKEN, null, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void badInputNamesTheFieldAndTheTokenIsRequired() {
        HttpResponse<String> status = api.get("/api/notifications?status=lost");
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(status.body()).getString("field")).isEqualTo("status");
        HttpResponse<String> limit = api.get("/api/notifications?limit=0");
        assertThat(limit.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(limit.body()).getString("field")).isEqualTo("limit");
        HttpResponse<String> id = api.send("POST", "/api/notifications/abc/retry", ApiServer.TOKEN, null, null);
        assertThat(id.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(id.body()).getString("field")).isEqualTo("id");
        assertThat(api.send("GET", "/api/notifications", null, null, null).statusCode()).isEqualTo(401);
    }
}
