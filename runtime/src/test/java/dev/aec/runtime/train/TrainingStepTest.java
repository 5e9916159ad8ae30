package dev.aec.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Optimizer;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.compiler.model.Reduction;
import dev.aec.compiler.source.SourceFile;
import dev.aec.runtime.TestData;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.data.Split;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The three training loops learn identically: SameDiff's own (`fit`, with ND4J's updaters), aec's
 * gradient loop over SameDiff's gradients (with its Keras rules), and aec's fast executor: same
 * losses and same weights, step after step.
 */
class TrainingStepTest {
    private static final String MODEL = """
            model M : 28x28x1 -> 28x28x1 {
              conv2d(4, kernel: 3x3, activation: relu, padding: same)
              maxpool(2x2, padding: same)
              flatten
              dense(784, activation: sigmoid)
              reshape(28x28x1)
            }
            """;

    private static final String VAE = """
            model M : 784 -> 784 {
              dense(32, activation: relu)
              gaussian(2, beta: 0.5)
              dense(784, activation: sigmoid)
            }
            """;

    /** With a gaussian layer: the KL term in the loss, noise fed to both paths, `reduction: sum`. */
    @ParameterizedTest(name = "gaussian layer, {0} {1}, {2}")
    @CsvSource(delimiter = '|', value = {
            "ADAM     |                    | BINARY_CROSSENTROPY | SUM",
            "ADADELTA |                    | MSE                 | MEAN",
    })
    void fitGradientAndFastLoopsLearnAVaeIdentically(OptimizerKind kind, String overrides, Loss loss,
                                                     Reduction reduction) {
        Optimizer optimizer = Optimizers.of(kind, overrides);
        Compiler.Result result = Compiler.compile(new SourceFile("m.aemodel", VAE), Path.of("."));
        CheckedProgram program = result.program().orElseThrow();
        CompiledModel a = SameDiffLowering.lower(Lowerer.lower(program, "M"), loss, reduction, 4);
        CompiledModel b = SameDiffLowering.lower(Lowerer.lower(program, "M"), loss, reduction, 4);
        CompiledModel c = SameDiffLowering.lower(Lowerer.lower(program, "M"), loss, reduction, 4);
        TrainingStep fit = TrainingStep.samediff(a, optimizer, loss);
        TrainingStep gradients = new TrainingStep.Gradients(b, new ParameterUpdater(optimizer));
        TrainingStep fast = TrainingStep.of(c, optimizer, loss);
        assertThat(fit).isInstanceOf(TrainingStep.Fit.class);
        assertThat(fast).isInstanceOf(TrainingStep.Fast.class);
        Examples data = Examples.of(TestData.mnist(Split.TRAIN, 200), a.graph().input());
        for (int step = 0; step < 4; step++) {
            INDArray x = data.range(step * 50, step * 50 + 50);
            Optional<INDArray> noise = LatentNoise.draw(a, 4, 0, step, 50);
            assertThat(noise.orElseThrow().stdNumber().doubleValue()).isBetween(0.8, 1.2);
            double lossA = fit.run(x, x, noise, true);
            INDArray y = x.dup();
            double lossB = gradients.run(y, y, noise.map(INDArray::dup), true);
            double lossC = fast.run(x.dup(), x.dup(), noise.map(INDArray::dup), true);
            assertThat(lossA).as("loss at step " + step).isCloseTo(lossB, Offset.offset(1e-5 * Math.max(1, lossB)));
            assertThat(lossC).as("fast loss at step " + step).isCloseTo(lossB, Offset.offset(1e-5 * Math.max(1, lossB)));
        }
        for (String name : a.paramNames()) {
            INDArray wa = a.sameDiff().getVariable(name).getArr();
            INDArray wb = b.sameDiff().getVariable(name).getArr();
            INDArray wc = c.sameDiff().getVariable(name).getArr();
            assertThat(wa.sub(wb).amaxNumber().doubleValue()).as(name).isLessThan(1e-4);
            assertThat(wc.sub(wb).amaxNumber().doubleValue()).as("fast " + name).isLessThan(1e-4);
        }
    }

    /** Batch normalisation of an image (Keras's fused path) and of a vector (its other path). */
    private static final String BATCH_NORM = """
            model M : 28x28x1 -> 28x28x1 {
              conv2d(4, kernel: 3x3, activation: relu, padding: same)
              batch_norm
              maxpool(2x2, padding: same)
              flatten
              dense(16)
              batch_norm(momentum: 0.8)
              dense(784, activation: sigmoid)
              reshape(28x28x1)
            }
            """;

    /**
     * The three loops take the same steps on a model with batch normalisation, and each moves the
     * moving statistics alike; the optimizers never touch them (the moving variance's first step is
     * Keras's rule on the batch, not a gradient step). SGD with Nesterov momentum, whose steps are in proportion
     * to the gradients: batch normalisation's input gradient is a difference of nearly equal terms,
     * whose last bits depend on the order oneDNN sums in, and Adam, which steps every weight by about
     * its learning rate whatever the gradient's size, turned those bits into differences of 1e-4 in
     * four steps.
     */
    @Test
    void fitGradientAndFastLoopsTrainBatchNormAndMoveItsStatisticsIdentically() {
        Optimizer optimizer = Optimizers.of(OptimizerKind.SGD, "learning_rate=0.1, momentum=0.9, nesterov=1");
        Compiler.Result result = Compiler.compile(new SourceFile("m.aemodel", BATCH_NORM), Path.of("."));
        CheckedProgram program = result.program().orElseThrow();
        CompiledModel a = SameDiffLowering.lower(Lowerer.lower(program, "M"), Loss.MSE, 4);
        CompiledModel b = SameDiffLowering.lower(Lowerer.lower(program, "M"), Loss.MSE, 4);
        CompiledModel c = SameDiffLowering.lower(Lowerer.lower(program, "M"), Loss.MSE, 4);
        assertThat(a.nonTrainableNames()).containsExactly("batch_norm_0/moving_mean", "batch_norm_0/moving_variance",
                "batch_norm_1/moving_mean", "batch_norm_1/moving_variance");
        TrainingStep fit = TrainingStep.samediff(a, optimizer, Loss.MSE);
        TrainingStep gradients = new TrainingStep.Gradients(b, new ParameterUpdater(optimizer));
        TrainingStep fast = TrainingStep.of(c, optimizer, Loss.MSE);
        assertThat(fit).isInstanceOf(TrainingStep.Fit.class);
        assertThat(fast).isInstanceOf(TrainingStep.Fast.class);
        Examples data = Examples.of(TestData.mnist(Split.TRAIN, 200), a.graph().input());
        for (int step = 0; step < 4; step++) {
            INDArray x = data.range(step * 50, step * 50 + 50);
            // Measured and unmeasured steps catch the batch statistics alike.
            boolean measure = step % 2 == 0;
            double lossA = fit.run(x, measure);
            double lossB = gradients.run(x.dup(), measure);
            double lossC = fast.run(x.dup(), measure);
            if (measure) {
                assertThat(lossA).as("loss at step " + step).isCloseTo(lossB, Offset.offset(1e-5 * Math.max(1, lossB)));
                assertThat(lossC).as("fast loss at step " + step).isCloseTo(lossB, Offset.offset(1e-5 * Math.max(1, lossB)));
            }
        }
        java.util.List<String> names = new java.util.ArrayList<>(a.paramNames());
        names.addAll(a.nonTrainableNames());
        for (String name : names) {
            INDArray wa = a.sameDiff().getVariable(name).getArr();
            INDArray wb = b.sameDiff().getVariable(name).getArr();
            INDArray wc = c.sameDiff().getVariable(name).getArr();
            double scale = Math.max(1, wb.amaxNumber().doubleValue());
            assertThat(wa.sub(wb).amaxNumber().doubleValue() / scale).as(name).isLessThan(1e-4);
            assertThat(wc.sub(wb).amaxNumber().doubleValue() / scale).as("fast " + name).isLessThan(1e-4);
        }
        // Four steps of momentum 0.8 moved the vector's moving mean by 1 - 0.8^4 of the way: far from 0.
        assertThat(b.sameDiff().getVariable("batch_norm_1/moving_mean").getArr().amaxNumber().doubleValue())
                .isGreaterThan(1e-3);
        assertThat(b.sameDiff().getVariable("batch_norm_0/moving_variance").getArr()
                .sub(1.0).amaxNumber().doubleValue()).isGreaterThan(1e-3);
    }

    /** Every kind of layer the fast executor has, ending in a sigmoid so that BCE reads logits. */
    private static final String CONV_MODEL = """
            model C : 28x28x1 -> 28x28x1 {
              conv2d(4, kernel: 3x3, activation: relu, padding: same)
              maxpool(2x2, padding: same)
              flatten
              dense(16, activation: tanh)
              dense(196, activation: leaky_relu)
              reshape(14x14x1)
              upsample(2x2)
              conv2d(1, kernel: 3x3, activation: sigmoid, padding: same)
            }
            """;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "ADADELTA | learning_rate=0.5",
            "SGD      | momentum=0.9",
            "RMSPROP  | ",
            "ADAGRAD  | ",
    })
    void optimizersNd4jLacksRunInAecsOwnLoop(OptimizerKind kind, String overrides) {
        Compiler.Result result = Compiler.compile(new SourceFile("m.aemodel", MODEL), Path.of("."));
        CompiledModel model = SameDiffLowering.lower(Lowerer.lower(result.program().orElseThrow(), "M"),
                Loss.MSE, 4);
        assertThat(TrainingStep.samediff(model, Optimizers.of(kind, overrides), Loss.MSE))
                .isInstanceOf(TrainingStep.Gradients.class);
    }

    /**
     * A run saved by the gradients loop keeps its optimizer state per parameter; resumed in the fast
     * executor, that state is laid out as its flat buffer and the next step is the same.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "RMSPROP | learning_rate=0.01",
            // A small initial accumulator, so that the two saved steps' squared gradients dominate it
            // and a step without them differs by more than float rounding.
            "ADAGRAD | learning_rate=0.01, initial_accumulator_value=1e-6",
            "ADAM    | learning_rate=0.01"})
    void theExecutorResumesOptimizerStateSavedPerParameter(OptimizerKind kind, String settings) {
        Optimizer optimizer = Optimizers.of(kind, settings);
        Compiler.Result result = Compiler.compile(new SourceFile("m.aemodel", MODEL), Path.of("."));
        CompiledModel a = SameDiffLowering.lower(Lowerer.lower(result.program().orElseThrow(), "M"), Loss.MSE, 4);
        CompiledModel b = SameDiffLowering.lower(Lowerer.lower(result.program().orElseThrow(), "M"), Loss.MSE, 4);
        CompiledModel c = SameDiffLowering.lower(Lowerer.lower(result.program().orElseThrow(), "M"), Loss.MSE, 4);
        TrainingStep gradients = new TrainingStep.Gradients(a, new ParameterUpdater(optimizer));
        Examples data = Examples.of(TestData.mnist(Split.TRAIN, 150), a.graph().input());
        gradients.run(data.range(0, 50), false);
        gradients.run(data.range(50, 100), false);
        java.util.Map<String, INDArray> saved = new java.util.LinkedHashMap<>();
        gradients.ownUpdater().orElseThrow().state().forEach((k, v) -> saved.put(k, v.dup()));
        for (String name : a.paramNames()) {
            b.sameDiff().getVariable(name).getArr().assign(a.sameDiff().getVariable(name).getArr());
            c.sameDiff().getVariable(name).getArr().assign(a.sameDiff().getVariable(name).getArr());
        }
        TrainingStep resumed = TrainingStep.of(b, optimizer, Loss.MSE);
        TrainingStep restarted = TrainingStep.of(c, optimizer, Loss.MSE);
        assertThat(resumed).isInstanceOf(TrainingStep.Fast.class);
        resumed.restoreOptimizerState(saved);
        INDArray x = data.range(100, 150);
        gradients.run(x, false);
        resumed.run(x.dup(), false);
        restarted.run(x.dup(), false);
        double resumedError = 0;
        double restartedError = 0;
        for (String name : a.paramNames()) {
            INDArray expected = a.sameDiff().getVariable(name).getArr();
            resumedError = Math.max(resumedError, b.sameDiff().getVariable(name).getArr().sub(expected).amaxNumber().doubleValue());
            restartedError = Math.max(restartedError, c.sameDiff().getVariable(name).getArr().sub(expected).amaxNumber().doubleValue());
        }
        assertThat(resumedError).isLessThan(1e-5);
        // Without the saved moments the step differs: the test can tell.
        assertThat(restartedError).isGreaterThan(100 * resumedError);
    }

    @Test
    void modelsTheExecutorCoversTrainThereAndTheRestInSameDiff() {
        Compiler.Result result = Compiler.compile(new SourceFile("m.aemodel", MODEL), Path.of("."));
        CheckedProgram program = result.program().orElseThrow();
        Optimizer adadelta = Optimizers.of(OptimizerKind.ADADELTA, "");
        CompiledModel covered = SameDiffLowering.lower(Lowerer.lower(program, "M"), Loss.MSE, 4);
        assertThat(TrainingStep.of(covered, adadelta, Loss.MSE)).isInstanceOf(TrainingStep.Fast.class);
        Compiler.Result softmax = Compiler.compile(new SourceFile("s.aemodel",
                "model S : 5 -> 5 {\n  dense(5, activation: softmax)\n}\n"), Path.of("."));
        CompiledModel notCovered = SameDiffLowering.lower(Lowerer.lower(softmax.program().orElseThrow(), "S"),
                Loss.MSE, 4);
        assertThat(TrainingStep.of(notCovered, adadelta, Loss.MSE)).isInstanceOf(TrainingStep.Fit.class);
    }

    @ParameterizedTest(name = "{0} {1} with {2}")
    @CsvSource(delimiter = '|', value = {
            "ADADELTA |                    | BINARY_CROSSENTROPY",
            "ADADELTA | learning_rate=0.5  | MSE",
            "ADAM     |                    | BINARY_CROSSENTROPY",
            "SGD      | momentum=0.9       | MAE",
            "SGD      | momentum=0.9, nesterov=1 | MSE",
            "RMSPROP  |                    | BINARY_CROSSENTROPY",
            "ADAGRAD  |                    | MSE",
    })
    void fastExecutorLearnsAsSameDiff(OptimizerKind kind, String overrides, Loss loss) {
        Optimizer optimizer = Optimizers.of(kind, overrides);
        CheckedProgram program = Compiler.compile(new SourceFile("c.aemodel", CONV_MODEL), Path.of(".")).program()
                .orElseThrow();
        CompiledModel a = SameDiffLowering.lower(Lowerer.lower(program, "C"), loss, 4);
        CompiledModel b = SameDiffLowering.lower(Lowerer.lower(program, "C"), loss, 4);
        TrainingStep samediff = TrainingStep.samediff(a, optimizer, loss);
        TrainingStep fast = TrainingStep.of(b, optimizer, loss);
        assertThat(fast).isInstanceOf(TrainingStep.Fast.class);
        assertLearnIdentically(a, samediff, b, fast);
    }

    /**
     * A functional model whose values branch: a dense layer on the flattened convolution and a
     * convolution of the upsampling whose results nothing reads, and a relu read by both.
     */
    private static final String BRANCHING_MODEL = """
            model B(image: 28x28x1) -> 28x28x1 {
              c = conv2d(4, kernel: 3x3, activation: relu, padding: same)(image)
              unused = dense(8)(flatten(c))
              u = upsample(2x2)(maxpool(2x2, padding: same)(c))
              side = conv2d(2, kernel: 1x1)(u)
              return conv2d(1, kernel: 3x3, activation: sigmoid, padding: same)(u)
            }
            """;

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', value = {
            "ADADELTA | BINARY_CROSSENTROPY",
            "ADAM     | MSE",
    })
    void aBranchingModelLearnsInTheFastExecutorAsInSameDiff(OptimizerKind kind, Loss loss) {
        Optimizer optimizer = Optimizers.of(kind, "");
        CheckedProgram program = Compiler.compile(new SourceFile("b.aemodel", BRANCHING_MODEL), Path.of("."))
                .program().orElseThrow();
        CompiledModel a = SameDiffLowering.lower(Lowerer.lower(program, "B"), loss, 4);
        CompiledModel b = SameDiffLowering.lower(Lowerer.lower(program, "B"), loss, 4);
        TrainingStep samediff = TrainingStep.samediff(a, optimizer, loss);
        TrainingStep fast = TrainingStep.of(b, optimizer, loss);
        assertThat(fast).isInstanceOf(TrainingStep.Fast.class);
        assertLearnIdentically(a, samediff, b, fast);
    }

    @ParameterizedTest(name = "{0} {1} with {2}")
    @CsvSource(delimiter = '|', value = {
            "ADADELTA |                    | BINARY_CROSSENTROPY",
            "ADAM     |                    | BINARY_CROSSENTROPY",
            "ADAM     |                    | MSE",
            "SGD      | learning_rate=0.5  | BINARY_CROSSENTROPY",
            "SGD      | momentum=0.9, nesterov=1 | MAE",
    })
    void fitAndGradientLoopsLearnIdentically(OptimizerKind kind, String overrides, Loss loss) {
        Optimizer optimizer = Optimizers.of(kind, overrides);
        Compiler.Result result = Compiler.compile(new SourceFile("m.aemodel", MODEL), Path.of("."));
        CheckedProgram program = result.program().orElseThrow();
        CompiledModel a = SameDiffLowering.lower(Lowerer.lower(program, "M"), loss, 4);
        CompiledModel b = SameDiffLowering.lower(Lowerer.lower(program, "M"), loss, 4);
        TrainingStep fit = TrainingStep.samediff(a, optimizer, loss);
        TrainingStep gradients = new TrainingStep.Gradients(b, new ParameterUpdater(optimizer));
        assertThat(fit).isInstanceOf(TrainingStep.Fit.class);
        assertLearnIdentically(a, fit, b, gradients);
    }

    private static final String DROPOUT_MODEL = """
            model D : 28x28x1 -> 28x28x1 {
              gaussian_noise(0.3)
              conv2d(4, kernel: 3x3, activation: relu, padding: same)
              dropout(0.5)
              conv2d(1, kernel: 3x3, activation: sigmoid, padding: same)
            }
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ADADELTA", "ADAM"})
    void dropoutAndNoiseLearnAlikeInSameDiffsLoopsAndTheFastExecutor(OptimizerKind kind) {
        assertTheThreeLoopsLearnAlike(DROPOUT_MODEL, "D", Optimizers.of(kind, ""));
    }

    /** The Keras blog's sparse autoencoder, narrower: the loss each loop reports includes the code's penalty. */
    private static final String SPARSE_MODEL = """
            model S : 784 -> 784 {
              dense(16, activation: relu, activity_l1: 1e-3)
              dense(784, activation: sigmoid)
            }
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ADADELTA", "ADAM"})
    void anActivityPenaltyLearnsAlikeInSameDiffsLoopsAndTheFastExecutor(OptimizerKind kind) {
        CompiledModel a = assertTheThreeLoopsLearnAlike(SPARSE_MODEL, "S", Optimizers.of(kind, ""));
        // The reported loss is more than the reconstruction by the penalty, as Keras reports it.
        Examples data = Examples.of(TestData.mnist(Split.TRAIN, 50), a.graph().input());
        Map<String, INDArray> out = a.sameDiff().output(Map.of(CompiledModel.INPUT, data.range(0, 50),
                CompiledModel.TARGET, data.range(0, 50)), List.of(CompiledModel.LOSS, CompiledModel.RECONSTRUCTION,
                "dense_0"));
        double penalty = 1e-3 * out.get("dense_0").norm1Number().doubleValue() / 50;
        assertThat(penalty).isGreaterThan(1e-4);
        assertThat(out.get(CompiledModel.LOSS).getDouble(0) - out.get(CompiledModel.RECONSTRUCTION).getDouble(0))
                .isCloseTo(penalty, Offset.offset(1e-6));
    }

    /**
     * SameDiff's fit against the fast executor, then aec's loop over SameDiff's gradients against the
     * fast executor, on four fresh lowerings of `model` with binary cross-entropy; returns the model
     * SameDiff's fit trained.
     */
    private static CompiledModel assertTheThreeLoopsLearnAlike(String text, String model, Optimizer optimizer) {
        Loss loss = Loss.BINARY_CROSSENTROPY;
        CheckedProgram program = Compiler.compile(new SourceFile("m.aemodel", text), Path.of(".")).program().orElseThrow();
        CompiledModel a = SameDiffLowering.lower(Lowerer.lower(program, model), loss, 4);
        CompiledModel b = SameDiffLowering.lower(Lowerer.lower(program, model), loss, 4);
        CompiledModel c = SameDiffLowering.lower(Lowerer.lower(program, model), loss, 4);
        CompiledModel d = SameDiffLowering.lower(Lowerer.lower(program, model), loss, 4);
        TrainingStep fit = TrainingStep.samediff(a, optimizer, loss);
        assertThat(fit).isInstanceOf(TrainingStep.Fit.class);
        TrainingStep fast = TrainingStep.of(b, optimizer, loss);
        assertThat(fast).isInstanceOf(TrainingStep.Fast.class);
        assertLearnIdentically(a, fit, b, fast);
        assertLearnIdentically(c, new TrainingStep.Gradients(c, new ParameterUpdater(optimizer)), d,
                TrainingStep.of(d, optimizer, loss));
        return a;
    }

    private static void assertLearnIdentically(CompiledModel a, TrainingStep fit, CompiledModel b,
                                               TrainingStep gradients) {
        Examples data = Examples.of(TestData.mnist(Split.TRAIN, 200), a.graph().input());
        for (int step = 0; step < 4; step++) {
            INDArray x = data.range(step * 50, step * 50 + 50);
            // Dropout and noise draw alike in both loops under the same seed (nothing else reads it).
            fit.seedDraws(step);
            gradients.seedDraws(step);
            double lossA = fit.run(x, true);
            double lossB = gradients.run(x.dup(), true);
            assertThat(lossA).as("loss at step " + step).isCloseTo(lossB, Offset.offset(1e-5 * Math.max(1, lossB)));
        }
        for (String name : a.paramNames()) {
            INDArray wa = a.sameDiff().getVariable(name).getArr();
            INDArray wb = b.sameDiff().getVariable(name).getArr();
            assertThat(wa.sub(wb).amaxNumber().doubleValue()).as(name).isLessThan(1e-4);
        }
    }
}
