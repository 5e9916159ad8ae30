package dev.aec.runtime.data.source;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The readers are plain Java, so that `aec check` can probe data without loading ND4J's native libraries. */
class ReadersArchitectureTest {

    @Test
    void readersNeverUseNd4jOrNativeLibraries() throws Exception {
        // Imported from the compiled classes' folder: scanning the class path would open every ND4J jar.
        Path classes = Path.of(Sources.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/aec/runtime/data/source");
        noClasses().that().resideInAPackage("dev.aec.runtime.data.source..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.bytedeco..", "org.deeplearning4j..")
                .check(new ClassFileImporter().importPath(classes));
    }
}
