package dozvon.app;

import dozvon.store.embedded.FreePort;
import dozvon.testsupport.TestHttp;
import dozvon.testsupport.TestStores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The jar as a user runs it, with the embedded defaults: ready, scrape, SIGTERM to exit 0 with nothing left
 * running, a second start on the same data, a SIGKILL that leaves no orphans, and a typo'd config.
 */
class EmbeddedJarIT {

    private static final Path JAR = Path.of(System.getProperty("dozvon.jar", "target/dozvon.jar"));
    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = TestHttp.client(Duration.ofSeconds(2));

    @AfterEach
    void killLeftovers() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Process startJar(Path dir, Path config, String logName) throws IOException {
        Process p = new ProcessBuilder("java", "-jar", JAR.toAbsolutePath().toString(), "--config", config.toString())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(logName).toFile())
                .start();
        started.add(p);
        return p;
    }

    private Path writeConfig(Path dir, int httpPort) throws IOException {
        Path config = dir.resolve("dozvon.yaml");
        Files.writeString(config, """
                http: { host: 127.0.0.1, port: %d, adminToken: "it-admin-token" }
                sip: { host: 127.0.0.1, port: %d }
                data: { dir: ./data }
                """.formatted(httpPort, FreePort.find()));
        return config;
    }

    /** Ready within two minutes (a slow CI box starts embedded Postgres slowly), or fails with the jar's log. */
    private void awaitReady(int httpPort, Path log) throws IOException {
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> status(httpPort, "/health/ready") == 200);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            List<String> lines = Files.readAllLines(log);
            throw new AssertionError("not ready in 120 s; the last lines of " + log.getFileName() + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())), e);
        }
    }

    private int status(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private String body(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int embeddedPostgresPort(Path log) throws IOException {
        Matcher m = Pattern.compile("event=embedded_postgres_started port=(\\d+)").matcher(Files.readString(log));
        int port = -1;
        while (m.find()) {
            port = Integer.parseInt(m.group(1));
        }
        assertThat(port).as("embedded Postgres port in the log").isPositive();
        return port;
    }

    @Test
    void startsReadyStopsCleanAndRestartsOnTheSameData() throws Exception {
        Path dir = TestStores.tempDir("dozvon-jar-it");
        int httpPort = FreePort.find();
        Path config = writeConfig(dir, httpPort);

        Process first = startJar(dir, config, "first.log");
        awaitReady(httpPort, dir.resolve("first.log"));
        assertThat(body(httpPort, "/metrics")).contains("dozvon_calls_active 0");
        assertThat(Files.readString(dir.resolve("first.log"))).containsPattern("event=ready ms=\\d+");

        String pgUrl = "postgresql://postgres@127.0.0.1:" + embeddedPostgresPort(dir.resolve("first.log")) + "/postgres";
        try (Connection c = TestStores.jdbc(pgUrl)) {
            c.createStatement().execute("INSERT INTO calls (id, caller, dialed, arrived_at, outcome) "
                    + "VALUES ('kept-across-restarts', '+79000000000', '+74950000000', now(), 'missed')");
        }
        List<ProcessHandle> family = first.descendants().toList();
        assertThat(family).as("embedded servers and their guards run as our descendants or are watched").isNotEmpty();
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data/postgres/postmaster.pid")).get(0).trim());

        first.destroy(); // SIGTERM
        assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("exit code after SIGTERM").isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false)).as("postmaster").isFalse();
            assertThat(family.stream().filter(ProcessHandle::isAlive).toList()).as("leftover processes").isEmpty();
        });
        // a clean stop: everything it opened closed within the stop's limit
        assertThat(Files.readString(dir.resolve("first.log"))).contains("event=stopped")
                .doesNotContain("event=close_incomplete");

        Process second = startJar(dir, config, "second.log");
        awaitReady(httpPort, dir.resolve("second.log"));
        assertThat(Files.readString(dir.resolve("second.log"))).contains("event=migrated applied=0");
        String pgUrl2 = "postgresql://postgres@127.0.0.1:" + embeddedPostgresPort(dir.resolve("second.log")) + "/postgres";
        try (Connection c = TestStores.jdbc(pgUrl2);
             ResultSet rs = c.createStatement().executeQuery("SELECT outcome FROM calls WHERE id = 'kept-across-restarts'")) {
            assertThat(rs.next()).as("row written before the restart").isTrue();
            assertThat(rs.getString(1)).isEqualTo("missed");
        }

        // A crash (SIGKILL: no hooks run) must not leave PostgreSQL or Redis behind.
        List<ProcessHandle> family2 = second.descendants().toList();
        long postmaster2 = Long.parseLong(Files.readAllLines(dir.resolve("data/postgres/postmaster.pid")).get(0).trim());
        second.destroyForcibly();
        second.waitFor(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(ProcessHandle.of(postmaster2).map(ProcessHandle::isAlive).orElse(false)).as("orphan postmaster").isFalse();
            assertThat(family2.stream().filter(ProcessHandle::isAlive).toList()).as("orphans").isEmpty();
        });
    }

    @Test
    void aTypoInTheConfigExitsWith2NamingTheKey() throws Exception {
        Path dir = TestStores.tempDir("dozvon-jar-typo");
        Path config = dir.resolve("typo.yaml");
        Files.writeString(config, "telephony: { ringSecnds: 5 }\n");
        Process p = startJar(dir, config, "typo.log");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(2);
        String out = Files.readString(dir.resolve("typo.log"));
        assertThat(out).contains("telephony.ringSecnds: unknown key (did you mean 'ringSeconds'?)");
        assertThat(out).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
