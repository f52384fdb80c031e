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
        List<String> cmd = new ArrayList<>(List.of("sipp", "-sf", scenario(scenario).toString(),
                "-i", "127.0.0.1", "-p", String.valueOf(dozvon.store.embedded.FreePort.find()), "-m", String.valueOf(calls), "-r", String.valueOf(rate),
                "-nostdin", "-timeout", "30s", "-timeout_error", "-recv_timeout", "10000",
                "-trace_err", "-error_file", "/dev/stderr"));
        cmd.addAll(List.of(extra));
        cmd.add("127.0.0.1:" + port);
        return exec(cmd);
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
