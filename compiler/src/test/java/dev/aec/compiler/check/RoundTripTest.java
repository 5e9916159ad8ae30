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
}
