package dozvon.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs SIPp (Debian {@code sip-tester}) as a real SIP peer. Tests using it are skipped with a message when
 * the binary is missing; {@code .ci/run} installs it.
 */
public final class Sipp {

    /** What a finished SIPp run left: its exit code (0 = every call succeeded) and its output. */
    public record Result(int exitCode, String output) {
        public boolean allSucceeded() {
            return exitCode == 0;
        }
    }

    private Sipp() {}

    /** Fails with SIPp's own output (which message it got, or waited for), so a failure says why. */
    public static void assertOk(Result r, String who) {
        org.assertj.core.api.Assertions.assertThat(r.allSucceeded())
                .as("%s: sipp exit %d%n%s", who, r.exitCode(), r.output()).isTrue();
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/sipp")) || Files.isExecutable(Path.of("/usr/local/bin/sipp"));
    }

    public static void assumeInstalled() {
        assumeTrue(installed(), "sipp not installed (apt-get install sip-tester); SIP wire tests skipped");
    }

    public static Path scenario(String name) {
        Path p = Path.of("src/test/resources/sipp", name);
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("no SIPp scenario " + p);
        }
        return p;
    }

    /**
     * Runs a scenario against 127.0.0.1:{@code port}: {@code calls} calls at {@code rate}/s, bounded in time.
     *
     * @param extra further SIPp arguments (-t t1 for TCP, -s service, -au/-ap for digest ...)
     */
    public static Result run(String scenario, int port, int calls, int rate, String... extra) {
        return run(scenario, port, dozvon.store.embedded.FreePort.find(), calls, rate, extra);
    }

    /** One call of a scenario sent from a given local port (a phone that must later be reached there). */
    public static Result runFrom(String scenario, int port, int localPort, String... extra) {
        return run(scenario, port, localPort, 1, 1, extra);
    }

    private static Result run(String scenario, int port, int localPort, int calls, int rate, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", scenario(scenario).toString(),
                "-i", "127.0.0.1", "-p", String.valueOf(localPort), "-m", String.valueOf(calls), "-r", String.valueOf(rate),
                "-nostdin", "-timeout", "30s", "-timeout_error", "-recv_timeout", "10000",
                "-trace_err", "-error_file", "/dev/stderr"));
        cmd.addAll(List.of(extra));
        cmd.add("127.0.0.1:" + port);
        return exec(cmd);
    }

    /** A SIPp server (phone, mobile) running in the background on a fixed port until it has handled its calls. */
    public static final class Uas implements AutoCloseable {
        private final Process process;
        private final Path out;

        private Uas(Process process, Path out) {
            this.process = process;
            this.out = out;
        }

        /** Waits for the scenario to finish its calls; a UAS that never got its calls fails here. */
        public Result awaitDone(int seconds) {
            try {
                if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    return new Result(-1, "still running after " + seconds + " s\n" + Files.readString(out));
                }
                return new Result(process.exitValue(), Files.readString(out));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
                Files.deleteIfExists(out);
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    /** Starts a UAS scenario on 127.0.0.1:{@code port} for {@code calls} calls. */
    public static Uas startUas(String scenario, int port, int calls, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", scenario(scenario).toString(),
                "-i", "127.0.0.1", "-p", String.valueOf(port), "-m", String.valueOf(calls),
                "-nostdin", "-timeout", "60s", "-timeout_error", "-trace_err", "-error_file", "/dev/stderr"));
        cmd.addAll(List.of(extra));
        try {
            Path out = Files.createTempFile("sipp-uas", ".out");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            awaitBound(port, cmd.contains("t1"), p);
            return new Uas(p, out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Calls must not arrive before SIPp listens: wait until its UDP (or, -t t1, TCP) port is taken (or it died). */
    private static void awaitBound(int port, boolean tcp, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (listening(port, tcp)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /**
     * Whether a socket is bound to the port, from the kernel's socket tables; never by binding it ourselves: a
     * probe that binds the port holds it for that instant, and a SIPp binding it in the same instant failed to
     * start ("Unable to bind main socket, errno = 98"; one CI run lost three tests to it). Where the tables are
     * not readable (not Linux), a bind probe it is, with that small risk.
     */
    private static boolean listening(int port, boolean tcp) {
        List<Path> tables = tcp ? List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"))
                : List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
        if (!Files.isReadable(tables.get(0))) {
            return bindProbeFails(port, tcp);
        }
        String localPort = String.format(":%04X", port);
        for (Path table : tables) {
            try {
                for (String line : Files.readAllLines(table)) {
                    // "  sl  local_address rem_address   st ...": the port is the hex after the colon; TCP 0A = LISTEN
                    String[] cols = line.trim().split("\\s+");
                    if (cols.length > 3 && cols[1].endsWith(localPort) && (!tcp || cols[3].equals("0A"))) {
                        return true;
                    }
                }
            } catch (IOException unreadable) {
                // tcp6/udp6 may be missing without IPv6
            }
        }
        return false;
    }

    private static boolean bindProbeFails(int port, boolean tcp) {
        var address = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port);
        try (java.io.Closeable probe = tcp ? new java.net.ServerSocket(port, 1, address.getAddress())
                : new java.net.DatagramSocket(address)) {
            return false;
        } catch (IOException bound) {
            return true;
        }
    }

    private static Result exec(List<String> cmd) {
        try {
            Path out = Files.createTempFile("sipp", ".out");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("sipp did not finish: " + cmd);
            }
            String output = Files.readString(out);
            Files.deleteIfExists(out);
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
