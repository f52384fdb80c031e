package dozvon.app;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import dozvon.testsupport.HeadlessChromium;
import dozvon.testsupport.RunningGateway;
import dozvon.testsupport.TestConfig;
import dozvon.testsupport.TestStores;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/**
 * The wallboard's reports in headless Chromium: today's figures from Postgres, the heatmap as a coloured grid
 * and the staffing for the current hour beside the agents logged in. Calls are written into the run's own
 * database relative to the real "now" in the group's zone, since the page asks for today and this hour.
 */
class WallboardReportsBrowserTest {

    private static final ZoneId MOSCOW = ZoneId.of("Europe/Moscow");

    private static RunningGateway gw;
    private static HeadlessChromium chromium;
    private static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        String db = TestStores.newDatabase();
        gw = RunningGateway.start(TestConfig.load("""
                agents:
                  - { id: anna, name: "Anna Petrova", group: sales, contact: "sip:anna@127.0.0.1:5071", mobile: "+79160000001" }
                  - { id: boris, name: "Boris Ivanov", group: sales, contact: "sip:boris@127.0.0.1:5072", mobile: "+79160000002" }
                  - { id: vera, name: "Vera Sokolova", group: support, contact: "sip:vera@127.0.0.1:5073", mobile: "+79160000003" }
                groups:
                  - { id: sales, head: boris, hours: { timezone: Europe/Moscow, weekly: { mon-sun: "00:00-24:00" } } }
                  - { id: support, head: vera }
                """, db, TestStores.redisUrl(), TestStores.newRedisPrefix(), Map.of()));
        ZonedDateTime now = ZonedDateTime.now(MOSCOW);
        // today: never before local midnight, whenever the test runs
        Instant today = Instant.ofEpochSecond(Math.max(now.toLocalDate().atStartOfDay(MOSCOW).toEpochSecond(),
                now.toEpochSecond() - 30));
        try (Connection c = TestStores.jdbc(db)) {
            ReportRows.call(c, "t1", "inbound", "sales", "answered", today, 4, 60, "anna", true, null, null);
            ReportRows.call(c, "t2", "inbound", "sales", "answered", today, 10, 45, "boris", true, null, null);
            ReportRows.call(c, "t3", "inbound", "sales", "answered", today, 30, 50, "boris", true, null, null);
            ReportRows.call(c, "t4", "inbound", "sales", "abandoned", today, 10, 0, null, true, null, null);
            ReportRows.call(c, "t5", "inbound", "sales", "abandoned", today, 2, 0, null, false, null, null); // short
            // the same weekday and hour in each of the three weeks before: 20 calls each, traffic for this hour
            for (int week = 1; week <= 3; week++) {
                Instant at = now.minusWeeks(week).withMinute(0).withSecond(5).toInstant();
                for (int i = 0; i < 20; i++) {
                    ReportRows.call(c, "w" + week + "-" + i, "inbound", "sales", i % 5 == 4 ? "abandoned" : "answered",
                            at.plusSeconds(i), 8, 170, i % 5 == 4 ? null : "anna", true, null, null);
                }
            }
        }
        chromium = HeadlessChromium.launch();
        browser = chromium.browser();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        if (gw != null) {
            gw.close();
        }
    }

    @Test
    void showsTodayTheHeatmapAndThisHoursStaffingBesideTheAgentsLoggedIn() throws Exception {
        Page page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1100)
                .setTimezoneId("Asia/Tokyo")) // the browser's own zone must not matter: the group's does
                .newPage();
        page.navigate(gw.base() + "/wallboard?token=" + TestConfig.ADMIN_TOKEN);
        assertThat(page.locator("#group")).hasValue("sales");
        // today: t1-t4 offered (t5 hung up after 2 s), t1-t3 handled; waits 4, 10, 30 → ASA 15 s; 2 of 4 in 20 s
        assertThat(page.locator("#r-offered")).hasText("4");
        assertThat(page.locator("#r-handled")).hasText("3");
        assertThat(page.locator("#r-car")).hasText("25%");
        assertThat(page.locator("#r-asa")).hasText("15 s");
        assertThat(page.locator("#r-sl20")).hasText("50%");

        JsonObject staffing = new JsonObject(gw.get("/api/reports/staffing?group=sales", TestConfig.ADMIN_TOKEN).body());
        ZonedDateTime now = ZonedDateTime.now(MOSCOW);
        int d = now.getDayOfWeek().getValue() - 1;
        int h = now.getHour();
        JsonArray calls = staffing.getJsonArray("calls");
        Locator cells = page.locator("#heat-rows td");
        assertThat(cells).hasCount(7 * 24);
        assertThat(page.locator("#heat-rows tr")).hasCount(7);
        Locator nowCell = page.locator("#heat-rows td.now");
        assertThat(nowCell).hasCount(1);
        assertThat(nowCell).hasAttribute("data-day", String.valueOf(d));
        assertThat(nowCell).hasAttribute("data-hour", String.valueOf(h));
        long nowCalls = calls.getJsonArray(d).getLong(h);
        org.assertj.core.api.Assertions.assertThat(nowCalls).isGreaterThanOrEqualTo(60);
        assertThat(nowCell).hasAttribute("data-count", String.valueOf(nowCalls));
        // the busiest cell is the darkest blue; an empty one stays grey
        org.assertj.core.api.Assertions.assertThat(nowCell.evaluate("e => getComputedStyle(e).backgroundColor"))
                .isEqualTo("rgb(47, 91, 234)");
        Locator quiet = page.locator("#heat-rows td[data-count='0']").first();
        org.assertj.core.api.Assertions.assertThat(quiet.evaluate("e => getComputedStyle(e).backgroundColor"))
                .isEqualTo("rgb(242, 244, 247)");

        int needC = staffing.getJsonArray("erlangC").getJsonArray(d).getInteger(h);
        int needX = staffing.getJsonArray("erlangX").getJsonArray(d).getInteger(h);
        org.assertj.core.api.Assertions.assertThat(needC).isPositive();
        assertThat(page.locator("#staff-c")).hasText(String.valueOf(needC));
        assertThat(page.locator("#staff-x")).hasText(String.valueOf(needX));
        assertThat(page.locator("#staff-in")).hasText("2"); // anna and boris (static phones, available); not vera
        assertThat(page.locator("#staff-note")).containsText("Europe/Moscow");

        page.locator("#group").selectOption("support");
        assertThat(page.locator("#staff-in")).hasText("1");
        assertThat(page.locator("#r-offered")).hasText("0");
        Files.createDirectories(Path.of("target/screenshots"));
        page.locator("#group").selectOption("sales");
        assertThat(page.locator("#r-offered")).hasText("4");
        page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target/screenshots/wallboard-reports.png"))
                .setFullPage(true));
    }
}
