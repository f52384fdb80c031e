package dozvon.store.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Redis server kept under {@code data.dir/redis} with an append-only file, so presence and leases survive
 * a restart. The binary ships inside the embedded-redis jar; we run it ourselves to own its process, its
 * arguments and its files (the library's own launcher leaves a copy in /tmp per start).
 * Start and stop block: callers run them on a worker thread.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedRedisServer.class);
    private static final String BINARY_RESOURCE = "/redis-server-6.2.6-v5-linux-amd64";

    private final Process process;
    private final int port;

    private EmbeddedRedisServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static EmbeddedRedisServer start(Path dataDir) throws IOException {
        Path dir = dataDir.resolve("redis").toAbsolutePath().normalize();
        Files.createDirectories(dir);
        Path binary = binary(dir);
        int port = FreePort.find();
        Process p = new ProcessBuilder(List.of(binary.toString(),
                "--port", String.valueOf(port),
                "--bind", "127.0.0.1",
                "--dir", dir.toString(),
                "--appendonly", "yes",
                "--appendfsync", "everysec",
                "--save", "",
                "--daemonize", "no",
                "--logfile", dir.resolve("redis.log").toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        OrphanGuard.watch(p.pid(), "TERM");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!accepts(port)) {
            if (!p.isAlive()) {
                throw new IOException("embedded Redis exited with code " + p.exitValue() + "; see " + dir.resolve("redis.log"));
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IOException("embedded Redis did not start within 15 s; see " + dir.resolve("redis.log"));
            }
            sleep(20);
        }
        log.info("event=embedded_redis_started port={} dir={}", port, dir);
        return new EmbeddedRedisServer(p, port);
    }

    private static Path binary(Path dir) throws IOException {
        String arch = System.getProperty("os.arch");
        boolean linuxAmd64 = System.getProperty("os.name").toLowerCase().contains("linux")
                && (arch.equals("amd64") || arch.equals("x86_64"));
        if (!linuxAmd64) {
            throw new IOException("embedded Redis ships for linux-amd64 only; set redis.url to a Redis server");
        }
        Path target = dir.resolve("redis-server");
        try (InputStream in = EmbeddedRedisServer.class.getResourceAsStream(BINARY_RESOURCE)) {
            if (in == null) {
                throw new IOException("embedded Redis binary missing from the jar");
            }
            if (!Files.isExecutable(target)) {
                Path tmp = dir.resolve("redis-server.tmp");
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                tmp.toFile().setExecutable(true, true);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return target;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** SIGTERM: Redis flushes its append-only file and exits. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("event=embedded_redis_stopped");
    }
}
