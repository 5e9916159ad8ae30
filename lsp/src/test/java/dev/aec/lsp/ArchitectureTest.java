package dev.aec.lsp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The language server sees what the compiler sees and nothing more: no ND4J, no runtime, no command
 * line. An editor starts it on every file it opens, so it must stay light; and it talks to the editor
 * over stdout, so it never prints there itself.
 */
class ArchitectureTest {
    private static JavaClasses server;

    @BeforeAll
    static void importClasses() {
        server = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.aec.lsp");
    }

    @Test
    void serverNeverSeesNd4jRuntimeOrCommandLine() {
        noClasses().that().resideInAPackage("dev.aec.lsp..")
                .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "dev.aec.runtime..", "dev.aec.graph..",
                        "dev.aec.cli..", "picocli..")
                .check(server);
    }

    @Test
    void serverNeverPrints() {
        noClasses().that().resideInAPackage("dev.aec.lsp..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .check(server);
    }
}
