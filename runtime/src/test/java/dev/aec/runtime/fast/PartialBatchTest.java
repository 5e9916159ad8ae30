package dev.aec.runtime.fast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.source.SourceFile;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.train.Modes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An executor keeps a plan per batch size, so an epoch whose last batch is smaller runs two plans
 * side by side, with collections and other allocations between them: each plan's gradients still
 * equal SameDiff's at its own batch size. One model per layer kind, in float, where oneDNN reads
 * and writes the plan's arrays by address.
 */
class PartialBatchTest {
    private static final int FULL = 6;
    private static final int LAST = 4;

    /** A small model around each kind the fast executor lowers, and its loss. */
    static Stream<Arguments> modelsByKind() {
        return Stream.of(
                Arguments.of("dense", "model M : 6 -> 3 {\ndense(4, activation: tanh)\ndense(3, activation: sigmoid)\n}", "mse"),
                Arguments.of("conv2d", "model M : 5x5x2 -> 5x5x3 {\nconv2d(3, kernel: 3x3, padding: same, activation: relu)\n}", "mse"),
                Arguments.of("conv2d_transpose", "model M : 3x3x2 -> 6x6x2 {\nconv2d(2, kernel: 1x1, activation: relu)\n"
                        + "conv2d_transpose(2, kernel: 3x3, stride: 2, padding: same)\n}", "mse"),
                Arguments.of("maxpool", "model M : 6x6x1 -> 3x3x2 {\nconv2d(2, kernel: 3x3, padding: same)\nmaxpool(2x2)\n"
                        + "conv2d(2, kernel: 1x1)\n}", "mse"),
                Arguments.of("upsample", "model M : 3x3x2 -> 6x6x2 {\nconv2d(2, kernel: 1x1)\nupsample(2x2)\n"
                        + "conv2d(2, kernel: 3x3, padding: same)\nupsample(1x1)\n}", "mse"),
                Arguments.of("flatten", "model M : 3x3x2 -> 4 {\nconv2d(2, kernel: 2x2)\nflatten\ndense(4)\n}", "mse"),
                Arguments.of("reshape", "model M : 18 -> 3x3x1 {\ndense(18)\nreshape(3x3x2)\nconv2d(1, kernel: 3x3, padding: same)\n}", "mse"),
                Arguments.of("activation", "model M : 5 -> 5 {\ndense(5)\nleaky_relu(0.2)\ndense(5)\nsigmoid\n}", "binary_crossentropy"),
                Arguments.of("gaussian", "model M : 6 -> 6 {\ndense(5, activation: relu)\ngaussian(2)\n"
                        + "dense(6, activation: sigmoid)\n}", "binary_crossentropy"),
                Arguments.of("dropout", "model M : 4x4x1 -> 4x4x2 {\nconv2d(2, kernel: 3x3, padding: same)\ndropout(0.5)\n"
                        + "conv2d(2, kernel: 1x1)\n}", "mse"),
                // No bias before the normalisation: its true gradient is 0, and float noise around 0 has no relative error.
                Arguments.of("batch_norm", "model M : 6x6x1 -> 3x3x2 {\nconv2d(2, kernel: 3x3, padding: same, use_bias: false)\nbatch_norm\n"
                        + "maxpool(2x2)\nconv2d(2, kernel: 1x1)\n}", "mse"),
                Arguments.of("gaussian_noise", "model M : 6 -> 4 {\ndense(5, activation: tanh)\ngaussian_noise(0.5)\ndense(4)\n}", "mse"),
                Arguments.of("add", "model M(x: 4x4x1) -> 4x4x2 {\na = conv2d(2, kernel: 3x3, padding: same, activation: relu)(x)\n"
                        + "b = maxpool(1x1)(conv2d(2, kernel: 1x1)(x))\nreturn add(a, b)\n}", "mse"),
                // A U-Net in small: the skip's relu is read by the pooling and the concat.
                Arguments.of("concat", "model M(x: 8x8x1) -> 8x8x1 {\n"
                        + "e = conv2d(4, kernel: 3x3, padding: same, activation: relu)(x)\np = maxpool(2x2)(e)\n"
                        + "b = conv2d(8, kernel: 3x3, padding: same, activation: relu)(p)\n"
                        + "u = conv2d_transpose(4, kernel: 3x3, stride: 2, padding: same, activation: relu)(b)\n"
                        + "return conv2d(1, kernel: 3x3, padding: same, activation: sigmoid)(concat(u, e, axis: -1))\n}",
                        "binary_crossentropy"));
    }

    @Test
    void everyKindTheExecutorLowersHasAModel() {
        Set<Class<? extends Layer>> covered = new HashSet<>();
        modelsByKind().forEach(args -> compile((String) args.get()[1], lossOf((String) args.get()[2])).graph().nodes()
                .forEach(node -> covered.add(node.layer().getClass())));
        assertThat(covered).containsAll(FastLayers.types());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("modelsByKind")
    void aSmallerLastBatchMatchesSameDiffBesideTheFullOne(String kind, String text, String lossName) {
        Loss loss = lossOf(lossName);
        CompiledModel model = compile(text, loss);
        assertThat(FastExecutor.unsupported(model, loss)).as(kind).isEmpty();
        FastExecutor fast = FastExecutor.adopt(model, loss);
        Batch full = Batch.of(model, FULL, 1);
        Batch last = Batch.of(model, LAST, 2);
        for (int epoch = 0; epoch < 3; epoch++) {
            assertThat(worstError(model, fast, full)).as(kind + ", full batch, epoch " + epoch).isLessThan(1e-4);
            churn();
            assertThat(worstError(model, fast, last)).as(kind + ", last batch, epoch " + epoch).isLessThan(1e-4);
            churn();
        }
    }

    /** Inputs, targets and the gaussian layer's noise of one batch. */
    private record Batch(INDArray x, INDArray t, Optional<INDArray> noise) {
        static Batch of(CompiledModel model, int size, long seed) {
            Graph graph = model.graph();
            Nd4j.getRandom().setSeed(seed);
            INDArray x = Nd4j.rand(DataType.FLOAT, graph.input().withBatch(size));
            INDArray t = Nd4j.rand(DataType.FLOAT, graph.output().withBatch(size)).muli(0.8).addi(0.1);
            return new Batch(x, t, model.latent().map(l -> Nd4j.randn(DataType.FLOAT, size, l.units())));
        }

        int size() {
            return (int) x.size(0);
        }
    }

    /** The largest difference between the executor's gradients and SameDiff's on one batch, relative to SameDiff's. */
    private static double worstError(CompiledModel model, FastExecutor fast, Batch batch) {
        long draws = 17 + batch.size();
        Map<String, INDArray> feed = new HashMap<>(Map.of(CompiledModel.INPUT, batch.x(), CompiledModel.TARGET, batch.t()));
        batch.noise().ifPresent(n -> feed.put(CompiledModel.NOISE, n));
        Map<String, INDArray> expected = new HashMap<>();
        Modes.training(model, draws, batch.size(), () -> model.sameDiff().calculateGradients(feed, model.paramNames())
                .forEach((k, v) -> expected.put(k, v.dup())));
        fast.seedDraws(draws);
        fast.step(batch.x(), batch.t(), batch.noise(), false);
        double worst = 0;
        for (String name : model.paramNames()) {
            INDArray a = fast.gradient(name);
            INDArray e = expected.getOrDefault(name, a.ulike().assign(0));
            worst = Math.max(worst, a.sub(e).amaxNumber().doubleValue() / Math.max(e.amaxNumber().doubleValue(), 1e-3));
        }
        return worst;
    }

    /**
     * Collections, then arrays of many sizes filled with a marker: memory that ND4J freed while a plan
     * still used it is handed out again and overwritten.
     */
    private static void churn() {
        List<INDArray> garbage = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int size = 1; size <= 4096; size *= 2) {
                garbage.add(Nd4j.valueArrayOf(new long[] {size}, 1e30f));
                garbage.add(Nd4j.valueArrayOf(new long[] {size + 3}, -1e30f));
            }
        }
        garbage.clear();
    }

    private static Loss lossOf(String loss) {
        return Loss.valueOf(loss.trim().toUpperCase());
    }

    private static CompiledModel compile(String text, Loss loss) {
        Compiler.Result result = Compiler.compile(new SourceFile("partial.aemodel", text), Path.of("."));
        assertThat(result.ok()).as(text).isTrue();
        return SameDiffLowering.lower(Lowerer.lower(result.program().orElseThrow(), "M"), loss, 3, DataType.FLOAT);
    }
}
