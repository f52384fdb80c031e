package dozvon.store.embedded;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Makes sure an embedded server dies with us, even when the JVM is killed with SIGKILL or crashes and no
 * shutdown hook runs. A tiny shell loop watches our pid and signals the server once we are gone; it is
 * reparented on our death, which is exactly when it is needed.
 */
public final class OrphanGuard {

    private static final Logger log = LoggerFactory.getLogger(OrphanGuard.class);

    private OrphanGuard() {}

    /**
     * @param serverPid the server process to stop when this JVM is gone
     * @param signal    the signal that stops it cleanly (INT for PostgreSQL's fast shutdown, TERM for Redis)
     */
    public static void watch(long serverPid, String signal) {
        long self = ProcessHandle.current().pid();
        String script = "trap '' INT TERM HUP; "
                + "while kill -0 " + self + " 2>/dev/null && kill -0 " + serverPid + " 2>/dev/null; do sleep 1; done; "
                + "kill -0 " + self + " 2>/dev/null || kill -" + signal + " " + serverPid + " 2>/dev/null; exit 0";
        try {
            new ProcessBuilder("sh", "-c", script)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            log.warn("event=orphan_guard_failed pid={} error=\"{}\"", serverPid, e.getMessage());
        }
    }
}
