package dozvon.app;

import com.sun.management.HotSpotDiagnosticMXBean;
import org.slf4j.Logger;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Ring timers are only as punctual as the longest GC pause. G1's default pause target (200 ms) lets young
 * collections take 50–120 ms on a loaded 2-core box, which shows up directly as managers rung late; with
 * {@code -XX:MaxGCPauseMillis=20} the same load kept pauses under 50 ms (loadtest/RESULTS.md). A jar cannot set
 * its own GC flags, so the gateway says so at start when the target is loose.
 */
final class GcHint {

    static final long WANTED_PAUSE_MILLIS = 20;

    private GcHint() {
    }

    static void logIfLoose(Logger log) {
        Optional<Long> target = pauseTargetMillis();
        if (target.isPresent() && target.get() > 50) {
            log.warn("event=gc_pause_target_loose max_gc_pause_ms={} hint=\"start with java -XX:MaxGCPauseMillis={} "
                    + "-jar ... (or JDK_JAVA_OPTIONS) so ring timers are not held up by GC pauses\"",
                    target.get(), WANTED_PAUSE_MILLIS);
        }
    }

    /** G1's pause target; empty for other collectors (ZGC, Shenandoah have their own, shorter pauses). */
    static Optional<Long> pauseTargetMillis() {
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (!"true".equals(hs.getVMOption("UseG1GC").getValue())) {
                return Optional.empty();
            }
            return Optional.of(Long.parseLong(hs.getVMOption("MaxGCPauseMillis").getValue()));
        } catch (RuntimeException e) {
            return Optional.empty(); // not HotSpot
        }
    }
}
