package dev.aec.compiler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The compiler stays pure: no ND4J, CLI or logging, and only the syntax pass sees ANTLR. */
class ArchitectureTest {
    private static JavaClasses compiler;

    @BeforeAll
    static void importClasses() {
        compiler = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.aec.compiler");
    }

    @Test
    void compilerNeverUsesNd4jPicocliLoggingOrJson() {
        noClasses().that().resideInAPackage("dev.aec.compiler..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.nd4j..", "org.bytedeco..", "picocli..", "org.slf4j..", "com.fasterxml..")
                .check(compiler);
    }

    @Test
    void compilerNeverReachesIntoLaterModules() {
        noClasses().that().resideInAPackage("dev.aec.compiler..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.aec.runtime..", "dev.aec.cli..")
                .check(compiler);
    }

    @Test
    void onlyTheSyntaxPassSeesAntlr() {
        noClasses().that().resideInAPackage("dev.aec.compiler..")
                .and().resideOutsideOfPackage("dev.aec.compiler.syntax..")
                .should().dependOnClassesThat().resideInAnyPackage("org.antlr..", "dev.aec.grammar..")
                .check(compiler);
    }

    @Test
    void passesNeverPrint() {
        noClasses().that().resideInAPackage("dev.aec.compiler..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(System.class, "exit", int.class)
                .check(compiler);
    }
}
