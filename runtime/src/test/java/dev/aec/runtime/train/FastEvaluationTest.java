package dev.aec.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.SourceFile;
import dev.aec.runtime.TestData;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.fast.FastInference;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evaluation through the fast executor's kernels equals SameDiff's session with its training flag
 * at 0: the loss, a VAE's reconstruction and KL parts, a classifier's accuracy and the outputs, on
 * generated samples, for every model in `models/` the executor runs.
 */
class FastEvaluationTest {
    /** More than one pass, the last one shorter. */
    private static final int SAMPLES = FastInference.BATCH + 70;

    @ParameterizedTest
    @ValueSource(strings = {"conv_autoencoder.aemodel", "dense_autoencoder.aemodel", "dense_autoencoder_functional.aemodel",
            "denoising_conv.aemodel", "denoising_conv_transpose.aemodel", "mnist_classifier.aemodel",
            "unet_denoiser.aemodel", "vae_conv.aemodel", "vae_dense.aemodel", "vae_dense_16.aemodel",
            "conv_autoencoder_bn.aemodel"})
    void evaluationMatchesSameDiffs(String file) {
        CheckedProgram program = TestData.model(file);
        TrainSpec spec = program.trains().get(0);
        Graph graph = Lowerer.lower(program, spec.model());
        CompiledModel model = SameDiffLowering.lower(graph, spec.loss(), spec.reduction(), 7);
        assertThat(FastInference.of(model)).as(file + " runs in the fast executor").isPresent();
        Examples examples = Examples.forLoss(TestData.synthetic(Split.TEST, SAMPLES, 3), graph.input(), spec.loss(),
                graph.output().elements() == 10 ? 10 : 0);
        InputNoise noise = InputNoise.of(spec.noise());

        Evaluator.Evaluation fast = Evaluator.evaluate(model, examples, noise);
        Evaluator.Evaluation expected = Evaluator.evaluateWithSameDiff(model, examples, noise);
        // SameDiff sums its float loss over every term of a batch: on the conv VAE's 320 x 784 it
        // erred by 7.4e-4 of the loss against a double sum (by 1.6e-5 on 100 x 784). The fast
        // evaluation sums in double; the outputs, below, are held to float rounding.
        double tolerance = 1e-3 * Math.max(1, Math.abs(expected.loss()));
        assertThat(fast.loss()).as(file + ": loss").isCloseTo(expected.loss(), within(tolerance));
        assertThat(fast.parts().isPresent()).isEqualTo(model.latent().isPresent());
        expected.parts().ifPresent(parts -> {
            assertThat(fast.parts().get().reconstruction()).as(file + ": reconstruction")
                    .isCloseTo(parts.reconstruction(), within(tolerance));
            assertThat(fast.parts().get().kl()).as(file + ": KL").isCloseTo(parts.kl(), within(1e-4 * parts.kl() + 1e-7));
        });
        assertThat(fast.accuracy()).as(file + ": accuracy").isEqualTo(expected.accuracy());
        assertThat(fast.accuracy().isPresent()).isEqualTo(spec.loss().classifies());

        INDArray x = examples.range(0, SAMPLES);
        INDArray outputs = Evaluator.reconstruct(model, x);
        INDArray sameDiff = Evaluator.sameDiffOutput(model, x);
        assertThat(outputs.shape()).isEqualTo(sameDiff.shape());
        assertThat(outputs.sub(sameDiff).amaxNumber().doubleValue()).as(file + ": outputs").isLessThan(1e-5);
    }

    @Test
    void dropoutAndNoisePassTheirInputOnAtInference() {
        String text = "model M : 12 -> 12 {\ndense(16, activation: relu)\ndropout(0.5)\ngaussian_noise(0.3)\n"
                + "dense(12, activation: sigmoid)\n}\n";
        CompiledModel model = compiled(text);
        assertThat(FastInference.of(model)).isPresent();
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.FLOAT, 30, 12);
        INDArray first = Evaluator.reconstruct(model, x);
        assertThat(first.sub(Evaluator.sameDiffOutput(model, x)).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(Evaluator.reconstruct(model, x)).as("no draws: the same every time").isEqualTo(first);
    }

    @Test
    void batchNormalisationReadsItsMovingStatisticsAtInference() {
        String text = "model M : 6x6x2 -> 6x6x1 {\nconv2d(3, kernel: 3x3, padding: same)\nbatch_norm\n"
                + "conv2d(1, kernel: 1x1, activation: sigmoid)\n}\n";
        CompiledModel model = compiled(text);
        assertThat(model.nonTrainableNames()).hasSize(2);
        // Moving statistics far from any batch's, so that normalising by the batch would show.
        Nd4j.getRandom().setSeed(6);
        for (String name : model.nonTrainableNames()) {
            INDArray moving = model.sameDiff().getVariable(name).getArr();
            moving.assign(Nd4j.rand(moving.dataType(), moving.shape()).muli(3).addi(0.5));
        }
        assertThat(FastInference.of(model)).isPresent();
        INDArray x = Nd4j.rand(DataType.FLOAT, 20, 6, 6, 2);
        INDArray fast = Evaluator.reconstruct(model, x);
        assertThat(fast.sub(Evaluator.sameDiffOutput(model, x)).amaxNumber().doubleValue()).isLessThan(1e-5);
        // A batch of one normalised by its own statistics would differ: the moving ones were read.
        assertThat(Evaluator.reconstruct(model, x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1))))
                .isEqualTo(fast.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)));
    }

    /**
     * Evaluations of one model share its inference plans; each still reads the weights as they are
     * then: changed in place, as a trainer changes them, or replaced by other arrays.
     */
    @Test
    void anEvaluationReadsTheWeightsAsTheyAreThen() {
        String text = "model M : 12 -> 12 {\ndense(8, activation: relu)\ndense(12, activation: sigmoid)\n}\n";
        CompiledModel model = compiled(text);
        Nd4j.getRandom().setSeed(8);
        INDArray x = Nd4j.rand(DataType.FLOAT, 30, 12);
        INDArray before = Evaluator.reconstruct(model, x);
        String kernel = model.paramNames().get(0);

        model.sameDiff().getVariable(kernel).getArr().muli(-2);
        INDArray inPlace = Evaluator.reconstruct(model, x);
        assertThat(inPlace.sub(before).amaxNumber().doubleValue()).isGreaterThan(1e-3);
        assertThat(inPlace.sub(Evaluator.sameDiffOutput(model, x)).amaxNumber().doubleValue()).isLessThan(1e-6);

        INDArray replaced = model.sameDiff().getVariable(kernel).getArr().mul(0.5);
        model.sameDiff().getVariable(kernel).setArray(replaced);
        INDArray afterReplacing = Evaluator.reconstruct(model, x);
        assertThat(afterReplacing.sub(inPlace).amaxNumber().doubleValue()).isGreaterThan(1e-3);
        assertThat(afterReplacing.sub(Evaluator.sameDiffOutput(model, x)).amaxNumber().doubleValue()).isLessThan(1e-6);
    }

    /** Model `M` of `text`, lowered for binary cross-entropy with seed 5. */
    private static CompiledModel compiled(String text) {
        Compiler.Result result = Compiler.compile(new SourceFile("inference.aemodel", text), Path.of("."));
        return SameDiffLowering.lower(Lowerer.lower(result.program().orElseThrow(), "M"),
                dev.aec.compiler.model.Loss.BINARY_CROSSENTROPY, 5);
    }
}
