package dev.aec.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.TestPaths;
import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class RoundTripTest {
    @Test
    void convolutionalAutoencoderRoundTripsEveryEightKPlusFour() throws IOException {
        CheckedProgram program = Compiler.compileFile(TestPaths.models().resolve("conv_autoencoder.aemodel"))
                .program().orElseThrow();
        ModelDef autoencoder = program.model("Autoencoder").orElseThrow().def();
        // Three same-padded pools give ceil(s/8); the decoder gives 2*(4*ceil(s/8) - 2) = 8*ceil(s/8) - 4.
        assertThat(RoundTrip.sizes(autoencoder, program.program().byName()))
                .startsWith(Shape.of(4, 4, 1), Shape.of(12, 12, 1), Shape.of(20, 20, 1), Shape.of(28, 28, 1))
                .allSatisfy(s -> assertThat(s.height() % 8).isEqualTo(4));
    }

    @Test
    void failedRoundTripNoteNamesTheSizesThatWork() throws IOException {
        String text = Files.readString(TestPaths.models().resolve("conv_autoencoder.aemodel"))
                .replace("model Encoder : 28x28x1", "model Encoder : 32x32x1")
                .replace("model Autoencoder : 28x28x1 -> 28x28x1", "model Autoencoder : 32x32x1 -> 32x32x1");
        Compiler.Result result = Compiler.compile(new SourceFile("conv32.aemodel", text), TestPaths.models());
        Diagnostic mismatch = result.diagnostics().sorted().stream()
                .filter(d -> d.code() == Code.E0302 && d.message().contains("Autoencoder")).findFirst().orElseThrow();
        assertThat(mismatch.message()).contains("32x32x1").contains("28x28x1");
        assertThat(mismatch.notes()).anySatisfy(n -> assertThat(n).contains("28x28x1").contains("36x36x1"));
    }

    @Test
    void aModelThatReadsItsVectorThroughDenseLayersIsSearchedOnceWithTheSameAnswer() {
        String text = """
                model Dense : 256 -> 256 {
                  dense(128, activation: relu)
                  dense(255)
                }
                model Fits : 64 -> 64 {
                  dense(32)
                  dense(64)
                }
                model Reshaped : 64 -> 64 {
                  reshape(8x8x1)
                  flatten
                  dense(64)
                }
                """;
        CheckedProgram program = Compiler.compile(new SourceFile("dense.aemodel", text), TestPaths.models())
                .program().orElseThrow();
        for (String name : java.util.List.of("Dense", "Fits", "Reshaped")) {
            ModelDef def = program.model(name).orElseThrow().def();
            java.util.List<Shape> everySize = new java.util.ArrayList<>();
            for (int s = 1; s <= RoundTrip.MAX_LENGTH; s++) {
                Shape candidate = Shape.of(s);
                Checker.evaluate(def, candidate, program.program().byName()).filter(candidate::equals)
                        .ifPresent(everySize::add);
            }
            assertThat(RoundTrip.sizes(def, program.program().byName())).as(name).isEqualTo(everySize);
        }
        assertThat(RoundTrip.sizes(program.model("Fits").orElseThrow().def(), program.program().byName()))
                .containsExactly(Shape.of(64));
    }
}
