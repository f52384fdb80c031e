package dozvon.testsupport;

import dozvon.store.embedded.EmbeddedPostgresServer;
import dozvon.store.embedded.EmbeddedRedisServer;
import dozvon.store.pg.Migrations;
import dozvon.store.pg.PgDatabase;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Real Postgres and Redis for tests: the machine's own servers when reachable ({@code TEST_POSTGRES_URL},
 * {@code TEST_REDIS_URL}, defaulting to 127.0.0.1:5432 and :6379), embedded ones otherwise. Each test JVM
 * gets its own database and Redis key prefix, dropped at exit, so runs side by side never collide.
 */
public final class TestStores {

    private static final String PG_ADMIN_URL =
            env("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres");
    private static final String REDIS_URL = env("TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private static String postgresServerUrl; // URL of a server (admin database) we may create databases on
    private static String redisUrl;
    private static final String RUN_ID = UUID.randomUUID().toString().substring(0, 8);

    private TestStores() {}

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** A fresh, empty database on the test server; dropped when the JVM exits. */
    public static synchronized String newDatabase() {
        String server = postgresServer();
        String name = "dozvon_t_" + RUN_ID + "_" + UUID.randomUUID().toString().substring(0, 6);
        execute(server, "CREATE DATABASE " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException ignored) {
                // the server may already be gone (embedded); nothing left to clean then
            }
        }));
        return withDatabase(server, name);
    }

    /** A pool on {@code postgresUrl} with the schema migrated, as the gateway starts one; the caller closes it. */
    public static PgDatabase migrated(Vertx vertx, String postgresUrl, int poolSize) {
        PgDatabase db = PgDatabase.connect(vertx, postgresUrl, poolSize);
        Migrations.migrate(db);
        return db;
    }

    public static synchronized String redisUrl() {
        if (redisUrl == null) {
            URI uri = URI.create(REDIS_URL);
            if (reachable(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort())) {
                redisUrl = REDIS_URL;
            } else {
                try {
                    EmbeddedRedisServer server = EmbeddedRedisServer.start(Files.createTempDirectory("dozvon-test-redis"));
                    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
                    redisUrl = server.url();
                } catch (IOException e) {
                    throw new IllegalStateException("no Redis for tests", e);
                }
            }
        }
        return redisUrl;
    }

    /** A key prefix of this run; keys under it are deleted at exit. */
    public static String newRedisPrefix() {
        String prefix = "dozvon-test:" + RUN_ID + ":" + UUID.randomUUID().toString().substring(0, 6) + ":";
        String url = redisUrl();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteKeys(url, prefix)));
        return prefix;
    }

    private static synchronized String postgresServer() {
        if (postgresServerUrl == null) {
            URI uri = URI.create(PG_ADMIN_URL);
            if (reachable(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort())) {
                postgresServerUrl = PG_ADMIN_URL;
            } else {
                try {
                    EmbeddedPostgresServer server =
                            EmbeddedPostgresServer.start(Files.createTempDirectory("dozvon-test-pg"));
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            server.close();
                        } catch (IOException ignored) {
                            // exiting anyway
                        }
                    }));
                    postgresServerUrl = server.url();
                } catch (IOException e) {
                    throw new IllegalStateException("no Postgres for tests", e);
                }
            }
        }
        return postgresServerUrl;
    }

    static String withDatabase(String url, String database) {
        URI u = URI.create(url);
        return u.getScheme() + "://" + (u.getRawUserInfo() == null ? "" : u.getRawUserInfo() + "@") + u.getHost()
                + ":" + (u.getPort() < 0 ? 5432 : u.getPort()) + "/" + database;
    }

    /** JDBC access for assertions and set-up. */
    public static Connection jdbc(String postgresUrl) throws SQLException {
        URI u = URI.create(postgresUrl);
        String user = "postgres";
        String password = null;
        if (u.getRawUserInfo() != null) {
            String[] parts = u.getRawUserInfo().split(":", 2);
            user = parts[0];
            password = parts.length > 1 ? parts[1] : null;
        }
        return DriverManager.getConnection("jdbc:postgresql://" + u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort())
                + u.getPath(), user, password);
    }

    private static void execute(String url, String sql) {
        try (Connection c = jdbc(url); var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    static boolean reachable(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new java.net.InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Deletes keys under a prefix with plain RESP over a socket: no client library state at JVM exit. */
    private static void deleteKeys(String url, String prefix) {
        URI u = URI.create(url);
        try (Socket s = new Socket(InetAddress.getByName(u.getHost()), u.getPort() < 0 ? 6379 : u.getPort())) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            String script = "local n=0 for _,k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) n=n+1 end return n";
            String pattern = prefix.replace("*", "\\*") + "*";
            out.write(resp("EVAL", script, "0", pattern));
            out.flush();
            in.read(new byte[64]);
        } catch (IOException ignored) {
            // best effort at exit
        }
    }

    private static byte[] resp(String... parts) {
        StringBuilder sb = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String p : parts) {
            byte[] b = p.getBytes(StandardCharsets.UTF_8);
            sb.append('$').append(b.length).append("\r\n").append(p).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Temporary directories handed out in this JVM: deleted, with all they hold, when it exits. */
    private static final java.util.List<Path> TEMP_DIRS = new java.util.concurrent.CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TEMP_DIRS.forEach(TestStores::deleteTree),
                "test-temp-dirs"));
    }

    /** A temporary directory for a test's data.dir (spools, embedded servers), gone when the test JVM exits. */
    public static Path tempDir(String name) {
        try {
            Path dir = Files.createTempDirectory(name);
            TEMP_DIRS.add(dir);
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a file still held open by a process that outlived the test: left to the system's /tmp cleanup
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // already gone
        }
    }
}
