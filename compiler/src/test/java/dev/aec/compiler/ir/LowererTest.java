package dev.aec.compiler.ir;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.TestPaths;
import dev.aec.compiler.check.CheckedProgram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class LowererTest {
    private static CheckedProgram compile(String file) throws IOException {
        Compiler.Result result = Compiler.compileFile(TestPaths.models().resolve(file));
        assertThat(result.ok()).isTrue();
        return result.program().orElseThrow();
    }

    @TestFactory
    Stream<DynamicTest> loweredGraphOfEveryTrainedModelMatchesItsGolden() throws IOException {
        Path goldens = TestPaths.testResources().resolve("ir");
        try (Stream<Path> files = Files.list(TestPaths.models())) {
            return files.filter(p -> p.toString().endsWith(".aemodel")).sorted().toList().stream()
                    .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                        CheckedProgram program = compile(file.getFileName().toString());
                        StringBuilder dump = new StringBuilder();
                        program.trains().forEach(t -> dump.append(Lowerer.lower(program, t.model()).dump()));
                        Path golden = goldens.resolve(file.getFileName().toString().replace(".aemodel", ".ir"));
                        if (TestPaths.bless()) {
                            Files.writeString(golden, dump.toString());
                        }
                        assertThat(dump.toString()).isEqualTo(Files.readString(golden));
                    }));
        }
    }

    @Test
    void sequentialAndFunctionalFormsLowerToTheSameGraph() throws IOException {
        Graph sequential = Lowerer.lower(compile("dense_autoencoder.aemodel"), "Autoencoder");
        Graph functional = Lowerer.lower(compile("dense_autoencoder_functional.aemodel"), "Autoencoder");
        assertThat(functional.dump()).isEqualTo(sequential.dump());
    }

    @Test
    void graphParameterCountEqualsTheCheckersCount() throws IOException {
        CheckedProgram conv = compile("conv_autoencoder.aemodel");
        assertThat(Lowerer.lower(conv, "Autoencoder").paramCount())
                .isEqualTo(conv.model("Autoencoder").orElseThrow().totalParams()).isEqualTo(4385);
        CheckedProgram dense = compile("dense_autoencoder.aemodel");
        assertThat(Lowerer.lower(dense, "Autoencoder").paramCount()).isEqualTo(226_512);
    }
}
