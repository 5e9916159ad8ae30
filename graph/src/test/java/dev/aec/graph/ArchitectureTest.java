package dev.aec.graph;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library stays what generated classes can depend on: Java and ND4J's API, nothing of aec's
 * compiler or runtime, no logging binding, and it never prints.
 */
class ArchitectureTest {
    private static JavaClasses library;

    @BeforeAll
    static void importClasses() {
        library = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.aec.graph");
    }

    @Test
    void libraryUsesOnlyJavaAndNd4j() {
        classes().that().resideInAPackage("dev.aec.graph..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.nd4j..", "dev.aec.graph..")
                .check(library);
    }

    @Test
    void libraryNeverPrints() {
        noClasses().that().resideInAPackage("dev.aec.graph..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(library);
    }
}
