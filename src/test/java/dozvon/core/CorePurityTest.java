package dozvon.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;

/**
 * The core is plain Java: events in, commands out, time passed in. No I/O library, no shell package, and
 * the call and presence rules never read the clock themselves (that is what makes virtual-time tests honest).
 */
@AnalyzeClasses(packages = "dozvon.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CorePurityTest {

    @ArchTest
    static final ArchRule no_io_libraries = noClasses().that().resideInAPackage("dozvon.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.vertx..", "io.netty..", "java.sql..", "javax.sql..", "org.postgresql..",
                    "com.fasterxml..", "org.yaml..", "io.micrometer..", "org.slf4j..",
                    "java.net..", "java.nio..", "java.util.concurrent.locks..")
            .because("dozvon.core is pure: I/O lives in edge and store");

    @ArchTest
    static final ArchRule no_shell_packages = noClasses().that().resideInAPackage("dozvon.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dozvon.app..", "dozvon.edge..", "dozvon.store..", "dozvon.obs..")
            .because("dependencies point inward");

    @ArchTest
    static final ArchRule no_clock_reading = noClasses().that().resideInAnyPackage(
                    "dozvon.core.chain..", "dozvon.core.presence..", "dozvon.core.hours..")
            .should().callMethod(Instant.class, "now")
            .orShould().callMethod(System.class, "currentTimeMillis")
            .orShould().callMethod(System.class, "nanoTime")
            .orShould().callMethod(Clock.class, "systemUTC")
            .orShould().callMethod(Clock.class, "systemDefaultZone")
            .because("time is passed in with each event, so tests run on virtual time");
}
