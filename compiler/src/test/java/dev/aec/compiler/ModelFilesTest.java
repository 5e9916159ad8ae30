package dev.aec.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.check.CheckedModel;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.check.ModelSummary;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.layers.Dense;
import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Op;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The tutorial's models in `models/` check cleanly and give the shapes and counts Keras prints. */
class ModelFilesTest {
    private static CheckedProgram compile(String name) throws IOException {
        Compiler.Result result = Compiler.compileFile(TestPaths.models().resolve(name));
        DiagnosticRenderer renderer = new DiagnosticRenderer(false);
        assertThat(result.diagnostics().sorted()).as(() -> result.diagnostics().sorted().stream()
                .map(renderer::render).reduce("", String::concat)).isEmpty();
        return result.program().orElseThrow();
    }

    @Test
    void everyModelFileChecksWithoutErrorsOrWarnings() throws IOException {
        try (Stream<Path> files = Files.list(TestPaths.models())) {
            for (Path file : files.filter(p -> p.toString().endsWith(".aemodel")).toList()) {
                Compiler.Result result = Compiler.compileFile(file);
                assertThat(result.ok()).as(file.toString()).isTrue();
                assertThat(result.diagnostics().sorted()).as(file.toString()).isEmpty();
            }
        }
    }

    @Test
    void convolutionalAutoencoderMatchesKerasSummary() throws IOException {
        CheckedProgram program = compile("conv_autoencoder.aemodel");
        CheckedModel encoder = program.model("Encoder").orElseThrow();
        assertThat(encoder.nodeShapes()).containsExactly(Shape.of(28, 28, 16), Shape.of(14, 14, 16),
                Shape.of(14, 14, 8), Shape.of(7, 7, 8), Shape.of(7, 7, 8), Shape.of(4, 4, 8));
        assertThat(encoder.nodeParams()).containsExactly(160L, 0L, 1160L, 0L, 584L, 0L);
        CheckedModel decoder = program.model("Decoder").orElseThrow();
        assertThat(decoder.nodeShapes()).containsExactly(Shape.of(4, 4, 8), Shape.of(8, 8, 8), Shape.of(8, 8, 8),
                Shape.of(16, 16, 8), Shape.of(14, 14, 16), Shape.of(28, 28, 16), Shape.of(28, 28, 1));
        assertThat(decoder.nodeParams()).containsExactly(584L, 0L, 584L, 0L, 1168L, 0L, 145L);
        CheckedModel autoencoder = program.model("Autoencoder").orElseThrow();
        assertThat(autoencoder.totalParams()).isEqualTo(4_385L);
        assertThat(autoencoder.inferredOutput()).isEqualTo(Shape.of(28, 28, 1));
    }

    @Test
    void denseAutoencoderMatchesKerasSummary() throws IOException {
        CheckedProgram program = compile("dense_autoencoder.aemodel");
        assertThat(program.model("Encoder").orElseThrow().nodeParams()).containsExactly(100_480L, 8_256L, 4_160L);
        assertThat(program.model("Decoder").orElseThrow().nodeParams()).containsExactly(4_160L, 8_320L, 101_136L);
        assertThat(program.model("Autoencoder").orElseThrow().totalParams()).isEqualTo(226_512L);
    }

    /** The Keras blog's sparse autoencoder: 25,120 + 25,872 parameters, the code's activity penalty 1e-4. */
    @Test
    void sparseAutoencoderMatchesKerasSummary() throws IOException {
        CheckedProgram program = compile("sparse_autoencoder.aemodel");
        assertThat(program.model("Encoder").orElseThrow().nodeParams()).containsExactly(25_120L);
        assertThat(program.model("Decoder").orElseThrow().nodeParams()).containsExactly(25_872L);
        assertThat(program.model("Autoencoder").orElseThrow().totalParams()).isEqualTo(50_992L);
        assertThat(program.model("Encoder").orElseThrow().def().nodes().get(0).op()).isEqualTo(new Op.LayerOp(
                new Dense(32, Activation.of(ActivationKind.RELU), true, 1e-4)));
    }

    /** keras.io's convolutional VAE summary: encoder 69,076 parameters, decoder 65,089. */
    @Test
    void kerasIoConvolutionalVaeMatchesKerasSummary() throws IOException {
        CheckedProgram program = compile("vae_conv.aemodel");
        assertThat(program.model("Encoder").orElseThrow().nodeParams()).containsExactly(320L, 18_496L, 0L, 50_192L, 68L);
        assertThat(program.model("Encoder").orElseThrow().totalParams()).isEqualTo(69_076L);
        CheckedModel decoder = program.model("Decoder").orElseThrow();
        assertThat(decoder.nodeShapes()).containsExactly(Shape.of(3136), Shape.of(7, 7, 64), Shape.of(14, 14, 64),
                Shape.of(28, 28, 32), Shape.of(28, 28, 1));
        assertThat(decoder.nodeParams()).containsExactly(9_408L, 0L, 36_928L, 18_464L, 289L);
        assertThat(decoder.totalParams()).isEqualTo(65_089L);
    }

    /** keras.io's denoising autoencoder summary: 28,353 parameters, its transposed convolutions 9,248 each. */
    @Test
    void kerasIoDenoiserMatchesKerasSummary() throws IOException {
        CheckedModel denoiser = compile("denoising_conv_transpose.aemodel").model("Denoiser").orElseThrow();
        assertThat(denoiser.nodeShapes()).containsExactly(Shape.of(28, 28, 32), Shape.of(14, 14, 32),
                Shape.of(14, 14, 32), Shape.of(7, 7, 32), Shape.of(14, 14, 32), Shape.of(28, 28, 32),
                Shape.of(28, 28, 1));
        assertThat(denoiser.nodeParams()).containsExactly(320L, 0L, 9_248L, 0L, 9_248L, 9_248L, 289L);
        assertThat(denoiser.totalParams()).isEqualTo(28_353L);
    }

    @Test
    void sequentialAndFunctionalDenseModelsGiveTheSameTable() throws IOException {
        CheckedProgram sequential = compile("dense_autoencoder.aemodel");
        CheckedProgram functional = compile("dense_autoencoder_functional.aemodel");
        for (String name : List.of("Encoder", "Decoder", "Autoencoder")) {
            List<ModelSummary.Row> a = ModelSummary.rows(sequential.model(name).orElseThrow(), sequential);
            List<ModelSummary.Row> b = ModelSummary.rows(functional.model(name).orElseThrow(), functional);
            assertThat(b).as(name).isEqualTo(a);
        }
    }

    @Test
    void sequentialAndFunctionalDenseModelsResolveToTheSameLayers() throws IOException {
        CheckedProgram sequential = compile("dense_autoencoder.aemodel");
        CheckedProgram functional = compile("dense_autoencoder_functional.aemodel");
        for (String name : List.of("Encoder", "Decoder", "Autoencoder")) {
            var a = sequential.model(name).orElseThrow().def().nodes().stream().map(n -> List.of(n.op(), n.input())).toList();
            var b = functional.model(name).orElseThrow().def().nodes().stream().map(n -> List.of(n.op(), n.input())).toList();
            assertThat(b).as(name).isEqualTo(a);
        }
    }

    @Test
    void trainBlocksCarryTheTutorialSettings() throws IOException {
        TrainSpec conv = compile("conv_autoencoder.aemodel").train("Autoencoder").orElseThrow();
        assertThat(conv.data()).isInstanceOf(DataRef.class);
        assertThat((DataRef) conv.data()).extracting(DataRef::dataset, DataRef::split)
                .containsExactly("mnist", DataRef.Split.TRAIN);
        assertThat(conv.loss()).isEqualTo(Loss.BINARY_CROSSENTROPY);
        assertThat(conv.optimizer().kind()).isEqualTo(OptimizerKind.ADADELTA);
        assertThat(conv.optimizer().param("learning_rate")).isEqualTo(1.0);
        assertThat(conv.optimizer().param("rho")).isEqualTo(0.95);
        assertThat(conv.batch()).isEqualTo(100);
        assertThat(conv.epochs()).isEqualTo(1);
        assertThat(conv.shuffle()).isTrue();
        assertThat(conv.validation().map(Object::toString)).contains("mnist.test");
        assertThat(conv.test().map(Object::toString)).as("a named dataset is tested on its test split").contains("mnist.test");
        TrainSpec dense = compile("dense_autoencoder.aemodel").train("Autoencoder").orElseThrow();
        assertThat(dense.epochs()).isEqualTo(10);
        assertThat(dense.validation()).isEmpty();
    }
}
