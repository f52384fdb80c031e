package dozvon.app;

import dozvon.core.report.ErlangC;
import dozvon.core.report.ErlangX;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestStores;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The reports end to end: call rows written into the run's own Postgres as the gateway (and the tracking and
 * dialer work) will write them, a started gateway, and its HTTP answers. The sales calls are the hand-worked
 * fixture of {@code KpiAccumulatorTest}, so the figures below are the ones worked out there.
 */
class ReportsE2ETest {

    private static final String YAML = """
            agents:
              - { id: anna, name: Anna, group: sales, contact: "sip:anna@127.0.0.1:5071" }
              - { id: boris, name: Boris, group: sales, contact: "sip:boris@127.0.0.1:5072", mobile: "+79160000009" }
              - { id: sam, name: Sam, group: support, contact: "sip:sam@127.0.0.1:5073", mobile: "+79160000008" }
            groups:
              - id: sales
                head: boris
                hours: { timezone: Europe/Berlin, weekly: { mon-sun: "00:00-24:00" } }
              - id: support
                head: sam
            """;
    /** Monday 29 March 2027, 09:xx in Berlin (CEST, +2). */
    private static final Instant MON_0900_BERLIN = Instant.parse("2027-03-29T07:00:00Z");
    /** Two weeks, Monday 22 March 00:00 CET to Monday 5 April 00:00 CEST, across the spring-forward night. */
    private static final String PERIOD = "from=2027-03-22T00:00:00%2B01:00&to=2027-04-05T00:00:00%2B02:00";

    private static RunningGateway gw;
    private static String db;

    @BeforeAll
    static void start() throws SQLException {
        db = TestStores.newDatabase();
        gw = RunningGateway.start(TestConfig.load(YAML, db, TestStores.redisUrl(), TestStores.newRedisPrefix(),
                Map.of()));
        try (Connection c = TestStores.jdbc(db)) {
            Instant t = MON_0900_BERLIN;
            // id, outcome, wait, talk, agent, rang, tracking, disposition value
            ReportRows.call(c, "c1", "inbound", "sales", "answered", t.plusSeconds(60), 10, 100, "anna", true,
                    ReportRows.tracking("google", "sofas"), ReportRows.disposition("sale", "15 000", "wants, \"the\" blue\nsofa"));
            ReportRows.call(c, "c2", "inbound", "sales", "answered", t.plusSeconds(120), 25, 20, "anna", true,
                    ReportRows.tracking("google", "sofas"), ReportRows.disposition("callback", "tomorrow", "=HYPERLINK(\"x\")"));
            ReportRows.call(c, "c3", "inbound", "sales", "answered", t.plusSeconds(180), 5, 60, "boris", true,
                    ReportRows.tracking("yandex", "chairs"), ReportRows.disposition("sale", "2500,50", ""));
            ReportRows.call(c, "c4", "inbound", "sales", "abandoned", t.plusSeconds(240), 3, 0, null, false,
                    ReportRows.tracking("google", "sofas"), null);
            ReportRows.call(c, "c5", "inbound", "sales", "abandoned", t.plusSeconds(300), 12, 0, null, true, null, null);
            ReportRows.call(c, "c6", "inbound", "sales", "abandoned", t.plusSeconds(360), 6, 0, null, false, null, null);
            ReportRows.call(c, "c7", "inbound", "sales", "missed", t.plusSeconds(420), 55, 0, null, true,
                    ReportRows.tracking("yandex", "chairs"), null);
            ReportRows.call(c, "c8", "inbound", "sales", "rejected", t.plusSeconds(480), 0, 0, null, false,
                    ReportRows.tracking("google", "sofas"), null);
            // Saturday 27 March 23:30 CET: before the clocks change
            ReportRows.call(c, "c9", "inbound", "sales", "off_hours", Instant.parse("2027-03-27T22:30:00Z"), 0, 0, null, false,
                    null, null);
            ReportRows.call(c, "c10", "inbound", "sales", "answered", t.plusSeconds(540), 40, 30, null, true,
                    ReportRows.tracking("google", "sofas"), null);
            // not counted in sales KPIs: an auto-dialer call, another group's call, a call after the period
            ReportRows.call(c, "o1", "outbound", "sales", "answered", t.plusSeconds(600), 3, 300, "anna", true, null, null);
            ReportRows.call(c, "s1", "inbound", "support", "answered", t.plusSeconds(660), 2, 50, "sam", true, null, null);
            ReportRows.call(c, "late", "inbound", "sales", "answered", Instant.parse("2027-04-05T08:00:00Z"), 2, 50, "anna",
                    true, null, null);
            // 4003 calls in another month (two full export pages and a part), for an export that spans several pages
            try (PreparedStatement st = c.prepareStatement("""
                    INSERT INTO calls (id, caller, dialed, group_id, outcome, arrived_at, ended_at, wait_seconds,
                                       talk_seconds) VALUES (?, '+79000000000', '+74950000000', 'support', 'missed',
                                       ?, ?, 30, 0)""")) {
                for (int i = 0; i < 4003; i++) {
                    // pairs share an instant, and the pair (1999, 2000) straddles the first page boundary
                    Instant at = Instant.parse("2027-01-10T00:00:00Z").plusSeconds(60L * ((i + 1) / 2));
                    st.setString(1, String.format("bulk-%05d", i));
                    st.setObject(2, at.atOffset(ZoneOffset.UTC));
                    st.setObject(3, at.plusSeconds(30).atOffset(ZoneOffset.UTC));
                    st.addBatch();
                }
                st.executeBatch();
            }
        }
    }

    @AfterAll
    static void stop() {
        gw.close();
    }

    private static JsonObject getJson(String path) {
        HttpResponse<String> r = gw.get(path, TestConfig.ADMIN_TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return new JsonObject(r.body());
    }

    @Test
    void kpiOfAGroupAreTheHandWorkedFigures() {
        JsonObject k = getJson("/api/reports/kpi?group=sales&" + PERIOD);
        assertThat(k.getLong("offered")).isEqualTo(8);
        assertThat(k.getLong("handled")).isEqualTo(4);
        assertThat(k.getLong("abandoned")).isEqualTo(2);
        assertThat(k.getLong("missed")).isEqualTo(1);
        assertThat(k.getLong("offHours")).isEqualTo(1);
        assertThat(k.getDouble("car")).isEqualTo(0.5);
        assertThat(k.getDouble("lcr")).isCloseTo(1.0 / 6, within(1e-9));
        assertThat(k.getDouble("asa")).isEqualTo(20.0);
        assertThat(k.getDouble("ata")).isEqualTo(9.0);
        assertThat(k.getDouble("aht")).isEqualTo(62.5);
        assertThat(k.getDouble("sl20")).isEqualTo(0.25);
        assertThat(k.getLong("targetCalls")).isEqualTo(3);
        assertThat(k.getLong("deals")).isEqualTo(2);
        assertThat(new java.math.BigDecimal(k.getValue("dealValue").toString())).isEqualByComparingTo("17500.50");
        assertThat(k.getString("group")).isEqualTo("sales");
        assertThat(k.getString("from")).isEqualTo("2027-03-21T23:00:00Z");

        JsonArray agents = k.getJsonArray("perAgent");
        assertThat(agents.size()).isEqualTo(2);
        assertThat(agents.getJsonObject(0).getString("agent")).isEqualTo("anna");
        assertThat(agents.getJsonObject(0).getLong("handled")).isEqualTo(2); // not the outbound o1 nor "late"
        assertThat(agents.getJsonObject(0).getDouble("aht")).isEqualTo(70.0);
        JsonArray sources = k.getJsonArray("perSource");
        assertThat(sources.size()).isEqualTo(3);
        JsonObject google = sources.getJsonObject(1);
        assertThat(google.getString("source")).isEqualTo("google");
        assertThat(google.getString("campaign")).isEqualTo("sofas");
        assertThat(google.getLong("offered")).isEqualTo(3);
        assertThat(google.getLong("targetCalls")).isEqualTo(2);
        assertThat(google.getDouble("car")).isEqualTo(0.0);
        assertThat(new java.math.BigDecimal(google.getValue("dealValue").toString())).isEqualByComparingTo("15000");
        assertThat(sources.getJsonObject(0).getString("source")).isEqualTo("(none)");
    }

    @Test
    void withoutAGroupEveryGroupsInboundCallsCount() {
        JsonObject k = getJson("/api/reports/kpi?" + PERIOD);
        assertThat(k.getLong("offered")).isEqualTo(9); // sales' 8 and support's s1; never the outbound o1
        assertThat(k.getLong("handled")).isEqualTo(5);
        assertThat(k.getValue("group")).isNull();
    }

    @Test
    void heatmapIsInTheGroupsZoneMondayFirst() {
        JsonObject h = getJson("/api/reports/heatmap?group=sales&" + PERIOD);
        assertThat(h.getString("timezone")).isEqualTo("Europe/Berlin");
        JsonArray counts = h.getJsonArray("counts");
        assertThat(counts.size()).isEqualTo(7);
        assertThat(counts.getJsonArray(0).size()).isEqualTo(24);
        assertThat(counts.getJsonArray(0).getLong(9)).isEqualTo(7);  // Monday 09 CEST: offered c1-c3, c5-c7, c10
        assertThat(counts.getJsonArray(5).getLong(23)).isEqualTo(1); // Saturday 23 CET: c9
        long total = 0;
        for (int d = 0; d < 7; d++) {
            for (int hour = 0; hour < 24; hour++) {
                total += counts.getJsonArray(d).getLong(hour);
            }
        }
        assertThat(total).isEqualTo(8);
    }

    @Test
    void staffingUsesTheGroupsOwnTrafficAhtAndPatience() {
        JsonObject s = getJson("/api/reports/staffing?group=sales&serviceLevel=0.8&seconds=20&" + PERIOD);
        assertThat(s.getDouble("aht")).isEqualTo(62.5);
        assertThat(s.getDouble("patience")).isEqualTo(76.5);
        // Monday 09: 7 calls in the two Monday-09 hours of the period → 3.5 calls an hour × 62.5 s
        double erlangs = 3.5 * 62.5 / 3600;
        assertThat(s.getJsonArray("erlangs").getJsonArray(0).getDouble(9)).isCloseTo(erlangs, within(0.001));
        assertThat(s.getJsonArray("erlangC").getJsonArray(0).getInteger(9))
                .isEqualTo(ErlangC.agentsFor(erlangs, 62.5, 0.8, 20)).isPositive();
        assertThat(s.getJsonArray("erlangX").getJsonArray(0).getInteger(9))
                .isEqualTo(ErlangX.agentsFor(erlangs, 62.5, 76.5, 0.8, 20)).isPositive();
        assertThat(s.getJsonArray("erlangC").getJsonArray(2).getInteger(9)).isZero(); // a quiet Wednesday
    }

    @Test
    void badQueriesAre400NamingTheField() {
        assertBad("/api/reports/kpi?from=yesterday", "from");
        assertBad("/api/reports/kpi?group=nobody", "group");
        assertBad("/api/reports/kpi?from=2027-03-02T00:00:00Z&to=2027-03-01T00:00:00Z", "to");
        assertBad("/api/reports/kpi?from=2020-01-01T00:00:00Z&to=2027-01-01T00:00:00Z", "from");
        assertBad("/api/reports/heatmap?" + PERIOD, "group");
        assertBad("/api/reports/staffing?group=sales&serviceLevel=1.5", "serviceLevel");
        assertBad("/api/reports/staffing?group=sales&serviceLevel=eighty", "serviceLevel");
        assertBad("/api/reports/staffing?group=sales&seconds=-1", "seconds");
        assertBad("/api/calls.csv?to=soon", "to");
        assertThat(gw.get("/api/reports/kpi", null).statusCode()).isEqualTo(401);
        assertThat(gw.get("/api/calls.csv", "wrong").statusCode()).isEqualTo(401);
    }

    private static void assertBad(String path, String field) {
        HttpResponse<String> r = gw.get(path, TestConfig.ADMIN_TOKEN);
        assertThat(r.statusCode()).as(path).isEqualTo(400);
        assertThat(new JsonObject(r.body()).getString("field")).as(path).isEqualTo(field);
    }

    @Test
    void csvExportQuotesFreeTextAndDefusesFormulas() {
        HttpResponse<String> r = gw.get("/api/calls.csv?group=sales&" + PERIOD, TestConfig.ADMIN_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<List<String>> rows = parseCsv(r.body());
        List<String> header = rows.get(0);
        assertThat(header).startsWith("callId", "direction", "arrivedAt");
        assertThat(rows).hasSize(1 + 11); // sales' 10 inbound and the outbound o1, oldest first
        assertThat(rows.get(1).get(0)).isEqualTo("c9");
        List<String> c1 = rows.stream().filter(row -> row.get(0).equals("c1")).findFirst().orElseThrow();
        assertThat(c1.get(header.indexOf("note"))).isEqualTo("wants, \"the\" blue\nsofa");
        assertThat(c1.get(header.indexOf("caller"))).isEqualTo("+79160000001"); // phone numbers keep their '+'
        assertThat(c1.get(header.indexOf("campaign"))).isEqualTo("sofas");
        assertThat(c1.get(header.indexOf("value"))).isEqualTo("15 000");
        List<String> c2 = rows.stream().filter(row -> row.get(0).equals("c2")).findFirst().orElseThrow();
        assertThat(c2.get(header.indexOf("note"))).isEqualTo("'=HYPERLINK(\"x\")");
        assertThat(rows.stream().filter(row -> row.get(0).equals("o1")).findFirst().orElseThrow()
                .get(header.indexOf("direction"))).isEqualTo("outbound");
    }

    @Test
    void csvExportStreamsEveryRowAcrossPagesInOrder() {
        HttpResponse<String> r = gw.get("/api/calls.csv?from=2027-01-01T00:00:00Z&to=2027-02-01T00:00:00Z",
                TestConfig.ADMIN_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        List<List<String>> rows = parseCsv(r.body());
        assertThat(rows).hasSize(1 + 4003);
        List<String> ids = rows.subList(1, rows.size()).stream().map(row -> row.get(0)).toList();
        assertThat(ids).doesNotHaveDuplicates().isSorted(); // same-instant pairs ordered by id across pages
        assertThat(ids.get(0)).isEqualTo("bulk-00000");
        assertThat(ids.get(4002)).isEqualTo("bulk-04002");
    }

    /** RFC 4180, as a spreadsheet reads it. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                i++;
            } else {
                field.append(ch);
            }
        }
        assertThat(field.length()).as("text after the last CRLF").isZero();
        return rows;
    }
}
