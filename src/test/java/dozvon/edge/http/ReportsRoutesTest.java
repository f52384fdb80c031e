package dozvon.edge.http;

import dozvon.core.report.ReportSettings;
import dozvon.store.pg.PgCallReports;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

import static dozvon.edge.http.ApiServer.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report routes on records written the way the call path writes them ({@code PgCallRecords}), with a fixed
 * clock: the default periods ("today" in the group's zone, the last four weeks) and the write-to-report path.
 */
class ReportsRoutesTest {

    /** Noon UTC on Monday 1 March 2027: 15:00 in Moscow, whose day began at 21:00 UTC the evening before. */
    private static final Instant NOW = Instant.parse("2027-03-01T12:00:00Z");
    private static ApiServer api;

    @BeforeAll
    static void start() {
        api = new ApiServer().withCalls();
        api.with(new ReportsRoutes(new PgCallReports(api.db.pool()),
                Map.of("sales", ZoneId.of("Europe/Moscow"), "night", ZoneId.of("UTC")),
                ReportSettings.of(5, 30, 10), Clock.fixed(NOW, ZoneOffset.UTC))).start();
        await(api.records.insert(CallSamples.answered("yesterday-moscow", Instant.parse("2027-02-28T20:59:00Z"))));
        await(api.records.insert(CallSamples.answered("today-moscow", Instant.parse("2027-02-28T21:01:00Z"))));
        await(api.records.insert(CallSamples.answered("this-morning", Instant.parse("2027-03-01T09:00:00Z"))));
        await(api.records.insert(CallSamples.rejected("blocked", Instant.parse("2027-03-01T09:30:00Z"))));
        await(api.records.insert(CallSamples.answered("five-weeks-ago", Instant.parse("2027-01-25T09:00:00Z"))));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void kpiDefaultsToTodaySoFarInTheGroupsZone() {
        JsonObject k = new JsonObject(api.get("/api/reports/kpi?group=sales").body());
        assertThat(k.getString("from")).isEqualTo("2027-02-28T21:00:00Z");
        assertThat(k.getString("to")).isEqualTo("2027-03-01T12:00:00Z");
        assertThat(k.getLong("offered")).isEqualTo(2); // today-moscow and this-morning; the 603 is not offered
        assertThat(k.getLong("handled")).isEqualTo(2);
        // CallSamples.answered: anna after 12 s (boris's phone rang first), 60 s of talk
        assertThat(k.getDouble("asa")).isEqualTo(12.0);
        assertThat(k.getDouble("aht")).isEqualTo(70.0);
        assertThat(k.getDouble("sl20")).isEqualTo(1.0);
        assertThat(k.getDouble("lcr")).isEqualTo(0.0); // both rang an agent, neither was abandoned
        assertThat(k.getLong("targetCalls")).isEqualTo(2);
        assertThat(k.getJsonArray("perAgent").getJsonObject(0).getString("agent")).isEqualTo("anna");
        assertThat(k.getJsonArray("perSource").getJsonObject(0).getString("source")).isEqualTo("(none)");
    }

    @Test
    void withoutAGroupTodayIsTheUtcDay() {
        JsonObject k = new JsonObject(api.get("/api/reports/kpi").body());
        assertThat(k.getString("from")).isEqualTo("2027-03-01T00:00:00Z");
        assertThat(k.getLong("offered")).isEqualTo(1); // this-morning only
    }

    @Test
    void aToAtMidnightMeansTheDayBefore() {
        JsonObject k = new JsonObject(api.get("/api/reports/kpi?group=sales&to=2027-02-28T21:00:00Z").body());
        assertThat(k.getString("from")).isEqualTo("2027-02-27T21:00:00Z");
        assertThat(k.getLong("offered")).isEqualTo(1); // yesterday-moscow
    }

    @Test
    void heatmapDefaultsToTheLastFourWeeks() {
        JsonObject h = new JsonObject(api.get("/api/reports/heatmap?group=sales").body());
        assertThat(h.getString("from")).isEqualTo("2027-02-01T12:00:00Z");
        assertThat(h.getString("timezone")).isEqualTo("Europe/Moscow");
        // Sunday 23:59 and Monday 00:01 and 12:00 Moscow time; five weeks ago is outside
        assertThat(h.getJsonArray("counts").getJsonArray(6).getLong(23)).isEqualTo(1);
        assertThat(h.getJsonArray("counts").getJsonArray(0).getLong(0)).isEqualTo(1);
        assertThat(h.getJsonArray("counts").getJsonArray(0).getLong(12)).isEqualTo(1);
    }

    @Test
    void staffingWithoutAnsweredCallsIsAllZeros() {
        JsonObject s = new JsonObject(api.get("/api/reports/staffing?group=night").body());
        assertThat(s.getValue("aht")).isNull();
        assertThat(s.getJsonArray("erlangC").getJsonArray(0).getInteger(9)).isZero();
    }

    @Test
    void emptyValuesMeanNotGivenAndDoubledOnesAreRefused() {
        assertThat(api.get("/api/reports/kpi?group=&from=&to=").statusCode()).isEqualTo(200);
        HttpResponse<String> twice = api.get("/api/reports/kpi?group=sales&group=night");
        assertThat(twice.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(twice.body()).getString("field")).isEqualTo("group");
        HttpResponse<String> junk = api.get("/api/reports/heatmap?group=%00evil");
        assertThat(junk.statusCode()).isEqualTo(400);
        assertThat(junk.body()).doesNotContain("\u0000");
    }
}
