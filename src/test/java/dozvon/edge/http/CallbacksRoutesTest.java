package dozvon.edge.http;

import dozvon.core.callback.CallbackBook;
import dozvon.core.callback.CallbackRules;
import dozvon.core.callback.CallbackSchedule;
import dozvon.core.hours.WorkingHours;
import dozvon.core.port.Notification;
import dozvon.store.pg.PgCallbackTasks;
import dozvon.store.pg.PgDatabase;
import dozvon.testsupport.TestStores;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** The callbacks API on a real Postgres: scheduling from a CRM, listing, patching, and every refusal's field. */
class CallbacksRoutesTest {

    private static final Instant NOW = Instant.parse("2027-02-03T08:00:00Z");
    private static ApiServer api;
    private static final List<Notification> told = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        api = new ApiServer();
        PgDatabase db = TestStores.migrated(api.vertx, TestStores.newDatabase(), 4);
        PgCallbackTasks tasks = new PgCallbackTasks(db.pool());
        CallbackSchedule schedule = new CallbackSchedule(new CallbackSchedule.Settings(List.of(Duration.ZERO), 3,
                Duration.ZERO, Duration.ofSeconds(30)));
        CallbackBook book = new CallbackBook(tasks, new CallbackRules(Duration.ofSeconds(5)), schedule,
                g -> WorkingHours.ALWAYS, n -> {
                    told.add(n);
                    return CompletableFuture.completedFuture(null);
                }, Clock.fixed(NOW, ZoneOffset.UTC), () -> UUID.randomUUID().toString(), e -> { });
        api.with(new CallbacksRoutes(book, tasks, Map.of("anna", "sales", "oleg", "support"), Set.of("sales", "support")))
                .start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static HttpResponse<String> post(String body) {
        return api.send("POST", "/api/callbacks", ApiServer.TOKEN, "application/json", body);
    }

    private static HttpResponse<String> patch(String id, String body) {
        return api.send("PATCH", "/api/callbacks/" + id, ApiServer.TOKEN, "application/json", body);
    }

    private static void assertRefused(HttpResponse<String> r, String field) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonObject body = new JsonObject(r.body());
        assertThat(body.getString("field")).isEqualTo(field);
        assertThat(body.getString("error")).isNotBlank().doesNotContain("Exception");
    }

    @Test
    void aCrmSchedulesOneFollowUpAndItIsListedAndTold() {
        HttpResponse<String> r = post("""
                {"phone": "+79161230001", "dueAt": "2027-02-04T13:00:00+03:00", "agent": "anna", "reason": "invoice reminder"}""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonObject task = new JsonObject(r.body());
        assertThat(task.getString("phone")).isEqualTo("+79161230001");
        assertThat(task.getString("group")).isEqualTo("sales");
        assertThat(task.getString("agent")).isEqualTo("anna");
        assertThat(task.getString("reason")).isEqualTo("scheduled");
        assertThat(task.getString("note")).isEqualTo("invoice reminder");
        assertThat(task.getString("dueAt")).isEqualTo("2027-02-04T10:00:00Z");
        assertThat(task.getString("status")).isEqualTo("open");
        assertThat(told).anySatisfy(n -> {
            assertThat(n.event()).isEqualTo("callback.created");
            assertThat(n.idempotencyKey()).isEqualTo("callback.created:" + task.getString("id"));
        });
        JsonArray mine = new JsonArray(api.get("/api/callbacks?status=open&agent=anna").body());
        assertThat(mine.stream().map(o -> ((JsonObject) o).getString("id"))).contains(task.getString("id"));
        JsonArray closed = new JsonArray(api.get("/api/callbacks?status=closed&agent=anna").body());
        assertThat(closed.stream().map(o -> ((JsonObject) o).getString("id"))).doesNotContain(task.getString("id"));
        JsonObject one = new JsonObject(api.get("/api/callbacks/" + task.getString("id")).body());
        assertThat(one.getJsonArray("attemptHistory")).isEmpty();
    }

    @Test
    void aListIsScheduledInOrder() {
        HttpResponse<String> r = post("""
                [{"phone": "+79161230002", "dueAt": "2027-02-05T10:00:00Z", "reason": "shipment", "group": "support"},
                 {"phone": "+79161230003", "dueAt": "2027-02-05T10:05:00Z", "agent": "oleg", "reason": "shipment"}]""");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonArray made = new JsonArray(r.body());
        assertThat(made).hasSize(2);
        assertThat(made.getJsonObject(0).getString("phone")).isEqualTo("+79161230002");
        assertThat(made.getJsonObject(1).getString("group")).isEqualTo("support");
        JsonArray support = new JsonArray(api.get("/api/callbacks?group=support").body());
        assertThat(support.size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void badInputNamesTheField() {
        assertRefused(post("""
                {"phone": "89161230001", "dueAt": "2027-02-04T10:00:00Z", "reason": "x", "group": "sales"}"""), "phone");
        assertRefused(post("""
                {"phone": "+79161230001", "dueAt": "tomorrow", "reason": "x", "group": "sales"}"""), "dueAt");
        assertRefused(post("""
                {"phone": "+79161230001", "dueAt": "2027-02-04T10:00:00Z", "agent": "nobody", "reason": "x"}"""), "agent");
        assertRefused(post("""
                {"phone": "+79161230001", "dueAt": "2027-02-04T10:00:00Z", "reason": "x"}"""), "group");
        assertRefused(post("""
                {"phone": "+79161230001", "dueAt": "2027-02-04T10:00:00Z", "group": "sales"}"""), "reason");
        assertRefused(post("""
                [{"phone": "+79161230001", "dueAt": "2027-02-04T10:00:00Z", "reason": "x", "group": "sales"},
                 {"phone": "+7916", "dueAt": "2027-02-04T10:00:00Z", "reason": "x", "group": "sales"}]"""), "[1].phone");
        assertRefused(post("{\"phone\": \"+79161230001\", \"dueAt\": \"2027-02-04T10:00:00Z\", \"reason\": \"x\","
                + " \"group\": \"sales\", \"priority\": 1}"), "priority");
        assertRefused(post("not json"), "body");
        assertRefused(api.get("/api/callbacks?status=pending"), "status");
        assertRefused(patch("whatever", "{\"status\": \"open\"}"), "status");
        assertRefused(patch("whatever", "{\"agent\": \"nobody\"}"), "agent");
        assertRefused(patch("whatever", "{\"dueAt\": \"soon\"}"), "dueAt");
        assertThat(api.send("GET", "/api/callbacks", null, null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void aTaskIsReassignedRescheduledAndClosedWithANote() {
        String id = new JsonObject(post("""
                {"phone": "+79161230009", "dueAt": "2027-02-04T10:00:00Z", "reason": "demo", "group": "sales"}""")
                .body()).getString("id");
        HttpResponse<String> moved = patch(id, "{\"agent\": \"anna\", \"dueAt\": \"2027-02-06T09:30:00Z\"}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        assertThat(new JsonObject(moved.body()).getString("agent")).isEqualTo("anna");
        assertThat(new JsonObject(moved.body()).getString("dueAt")).isEqualTo("2027-02-06T09:30:00Z");
        HttpResponse<String> closed = patch(id, "{\"status\": \"closed\", \"note\": \"customer wrote an e-mail\"}");
        JsonObject c = new JsonObject(closed.body());
        assertThat(c.getString("status")).isEqualTo("closed");
        assertThat(c.getString("closeReason")).isEqualTo("manual");
        assertThat(c.getString("closeNote")).isEqualTo("customer wrote an e-mail");
        assertThat(told).anySatisfy(n -> {
            assertThat(n.idempotencyKey()).isEqualTo("callback.closed:" + id);
            assertThat(n.data()).containsEntry("reason", "manual");
        });
        assertThat(patch(id, "{\"agent\": \"anna\"}").statusCode()).isEqualTo(409);
        assertThat(patch("no-such-task", "{\"agent\": \"anna\"}").statusCode()).isEqualTo(404);
    }
}
