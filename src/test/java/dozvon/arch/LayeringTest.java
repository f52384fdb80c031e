package dozvon.arch;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The dependency rules of ARCHITECTURE.md: dependencies point inward, the core stays free of I/O. */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dozvon");
    }

    @Test
    void coreDependsOnNothingOutsideCoreAndTheJdk() {
        noClasses().that().resideInAPackage("dozvon.core..")
                .should().dependOnClassesThat().resideOutsideOfPackages("dozvon.core..", "java..")
                .because("the domain is plain Java: events in, commands out, no Vert.x, Netty, SQL or JSON")
                .check(classes);
    }

    @Test
    void coreDoesNoIo() {
        noClasses().that().resideInAPackage("dozvon.core..")
                .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..", "java.sql..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.lang.Thread")
                .because("the core never blocks or touches the outside world; time is passed in")
                .check(classes);
    }

    @Test
    void storesAndEdgesDoNotDependOnTheApp() {
        noClasses().that().resideInAnyPackage("dozvon.edge..", "dozvon.store..", "dozvon.obs..", "dozvon.core..")
                .should().dependOnClassesThat().resideInAPackage("dozvon.app..")
                .because("app wires everything; nothing depends back on it")
                .check(classes);
    }

    @Test
    void storesDoNotDependOnEdges() {
        noClasses().that().resideInAPackage("dozvon.store..")
                .should().dependOnClassesThat().resideInAPackage("dozvon.edge..")
                .check(classes);
    }

    @Test
    void edgesDoNotReachIntoStores() {
        noClasses().that().resideInAPackage("dozvon.edge..")
                .should().dependOnClassesThat().resideInAPackage("dozvon.store..")
                .because("edges talk to stores only through core ports")
                .check(classes);
    }
}
