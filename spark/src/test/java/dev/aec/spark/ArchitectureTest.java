package dev.aec.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Spark trainer is a library beside the command line, not under it: a cluster job must not pull
 * in picocli, the terminal or `System.exit`.
 */
class ArchitectureTest {

    @Test
    void sparkNeverUsesTheCommandLine() throws URISyntaxException {
        // Imported from the module's own output folder, found through its resource: scanning the
        // class path would open every Spark and ND4J jar.
        Path classes = Path.of(ArchitectureTest.class.getResource("/dev/aec/spark/java-options.txt").toURI())
                .getParent();
        noClasses().that().resideInAPackage("dev.aec.spark..")
                .should().dependOnClassesThat().resideInAPackage("dev.aec.cli..")
                // Holds with no classes yet too: the module starts as build plumbing.
                .allowEmptyShould(true)
                .check(new ClassFileImporter().importPath(classes));
    }
}
