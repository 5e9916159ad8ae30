package dev.aec.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Reduction;
import dev.aec.compiler.source.SourceFile;
import dev.aec.compiler.types.Shape;
import dev.aec.graph.ModelGraph;
import dev.aec.graph.WrongUpsampling;
import dev.aec.runtime.train.Modes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The lowered graph's gradients against central finite differences, in double precision, for
 * every layer kind, activation and loss on tiny shapes.
 */
class GradientCheckTest {
    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-5;
    private static final int CHECKS_PER_PARAM = 12;
    private static final long DRAWS = 5;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "dense tanh then sigmoid, mse   | 6   | 3     | dense(4, activation: tanh) dense(3, activation: sigmoid) | mse",
            "dense without bias, mae        | 6   | 3     | dense(3, use_bias: false, activation: elu)               | mae",
            "conv same                      | 5x5x2 | 5x5x3 | conv2d(3, kernel: 3x3, padding: same, activation: tanh) | mse",
            "conv valid                     | 6x6x2 | 4x4x2 | conv2d(2, kernel: 3x3, activation: sigmoid)            | mse",
            "conv stride 2 same             | 7x7x1 | 4x4x2 | conv2d(2, kernel: 3x3, stride: 2, padding: same)       | mse",
            "conv stride 2 valid, 2x3 kernel| 7x7x2 | 3x3x2 | conv2d(2, kernel: 2x3, stride: 2)                      | mse",
            "transposed conv stride 2 same  | 3x3x2 | 6x6x2 | conv2d_transpose(2, kernel: 3x3, stride: 2, padding: same, activation: tanh) | mse",
            "transposed conv kernel < stride| 2x2x1 | 4x4x2 | conv2d_transpose(2, kernel: 1x1, stride: 2, use_bias: false) | mse",
            "maxpool same on odd size       | 5x5x2 | 3x3x2 | conv2d(2, kernel: 2x2, padding: same) maxpool(2x2, padding: same) | mse",
            "maxpool valid                  | 6x6x1 | 3x3x2 | conv2d(2, kernel: 1x1) maxpool(2x2)                    | mse",
            "upsample 2x2                   | 3x3x2 | 6x6x2 | conv2d(2, kernel: 3x3, padding: same) upsample(2x2) conv2d(2, kernel: 3x3, padding: same) | mse",
            "upsample 1x3                   | 2x2x1 | 2x6x2 | conv2d(2, kernel: 1x1) upsample(1x3)                   | mse",
            "flatten then dense             | 3x3x2 | 4     | conv2d(2, kernel: 2x2) flatten dense(4, activation: relu) | mse",
            "reshape then conv              | 18    | 3x3x1 | dense(18) reshape(3x3x2) conv2d(1, kernel: 3x3, padding: same) | mse",
            "standalone activations         | 5     | 5     | dense(5) leaky_relu(0.2) dense(5) elu(0.5) dense(5) softmax | mse",
            "relu and linear                | 5     | 5     | dense(5, activation: relu) dense(5, activation: linear) | mae",
            "bce on sigmoid uses logits     | 6     | 6     | dense(4, activation: relu) dense(6, activation: sigmoid) | binary_crossentropy",
            "bce on softmax probabilities   | 6     | 6     | dense(6, activation: softmax)                          | binary_crossentropy",
            "cce on softmax uses logits     | 6     | 4     | dense(5, activation: relu) dense(4, activation: softmax) | categorical_crossentropy",
            "cce on standalone softmax      | 3x3x1 | 4     | conv2d(2, kernel: 2x2) flatten dense(4) softmax        | categorical_crossentropy",
            "cce on sigmoid probabilities   | 6     | 4     | dense(4, activation: sigmoid)                          | categorical_crossentropy",
            "cce on softmax logits, summed  | 6     | 4     | dense(4, activation: softmax)                          | categorical_crossentropy sum",
            "gaussian with KL, mse          | 6     | 6     | dense(4, activation: tanh) gaussian(3) dense(6)        | mse",
            "gaussian beta 0.5, bce summed  | 6     | 6     | gaussian(2, beta: 0.5) dense(6, activation: sigmoid)   | binary_crossentropy sum",
            "conv then gaussian, mae summed | 4x4x1 | 4x4x1 | conv2d(2, kernel: 3x3, padding: same) flatten gaussian(3) dense(16) reshape(4x4x1) | mae sum",
            "dropout while training         | 6     | 4     | dense(5, activation: tanh) dropout(0.4) dense(4)         | mse",
            "dropout on an image            | 3x3x2 | 3x3x2 | conv2d(2, kernel: 2x2, padding: same) dropout(0.5) conv2d(2, kernel: 1x1) | mse",
            "gaussian noise while training  | 6     | 4     | dense(5, activation: tanh) gaussian_noise(0.3) dense(4, activation: sigmoid) | binary_crossentropy",
            "transposed, output padding 1   | 3x3x2 | 6x6x2 | conv2d_transpose(2, kernel: 3x3, stride: 2, padding: same, output_padding: 1, activation: tanh) | mse",
            "transposed, output padding 0   | 3x3x1 | 5x5x2 | conv2d_transpose(2, kernel: 3x3, stride: 2, padding: same, output_padding: 0) | mse",
            "transposed, even kernel, 1x0   | 3x3x1 | 5x5x2 | conv2d_transpose(2, kernel: 4x3, stride: 2, padding: same, output_padding: 1x0, use_bias: false) | mse",
            "transposed valid, padding 2x1  | 2x2x1 | 8x6x2 | conv2d_transpose(2, kernel: 3x3, stride: 3x2, output_padding: 2x1) | mse",
            "transposed 1x1 kernel, padded  | 2x2x1 | 4x4x1 | conv2d_transpose(1, kernel: 1x1, stride: 2, padding: same, output_padding: 1, activation: sigmoid) | binary_crossentropy",
            "activity_l1 on tanh and output | 6     | 4     | dense(5, activation: tanh, activity_l1: 0.05) dense(4, activity_l1: 0.2) | mse",
            "activity_l1 on relu, no bias   | 6     | 6     | dense(5, activation: relu, use_bias: false, activity_l1: 0.1) dense(6, activation: sigmoid) | binary_crossentropy",
            "activity_l1 on the sigmoid     | 6     | 6     | dense(4, activation: tanh) dense(6, activation: sigmoid, activity_l1: 0.3) | binary_crossentropy",
            "batch norm of an image         | 3x3x2 | 3x3x2 | conv2d(3, kernel: 2x2, padding: same) batch_norm(epsilon: 0.001) conv2d(2, kernel: 1x1, activation: tanh) | mse",
            "batch norm of a vector         | 6     | 4     | dense(5) batch_norm(momentum: 0.9) dense(4, activation: sigmoid) | binary_crossentropy",
    })
    void gradientsMatchFiniteDifferences(String name, String in, String out, String layers, String loss) {
        String[] words = loss.trim().split(" ");
        Loss kind = Loss.valueOf(words[0].toUpperCase());
        Reduction reduction = words.length > 1 ? Reduction.valueOf(words[1].toUpperCase()) : Reduction.MEAN;
        CompiledModel model = compile(in, out, layers, kind, reduction, () -> ModelGraph.create(3, DataType.DOUBLE));
        double worst = worstRelativeError(model, new Random(name.hashCode()), kind.classifies());
        assertThat(worst).as(name).isLessThan(TOLERANCE);
    }

    /** Merges, in functional models: SameDiff's gradients through add and concat on several axes. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "add of two dense              | 6     | 4     | a = dense(4, activation: tanh)(x); b = dense(4)(x); return add(a, b) | mse",
            "add of three, one twice       | 6     | 6     | a = dense(6, activation: tanh)(x); return dense(6, activation: sigmoid)(add(x, a, a)) | binary_crossentropy",
            "add of images                 | 4x4x1 | 4x4x2 | a = conv2d(2, kernel: 3x3, padding: same, activation: tanh)(x); return add(a, conv2d(2, kernel: 1x1)(x)) | mse",
            "concat of vectors, axis -1    | 6     | 5     | a = dense(3, activation: tanh)(x); return dense(5)(concat(a, dense(2)(x), axis: -1)) | mse",
            "concat of images, channels    | 4x4x1 | 4x4x1 | a = conv2d(2, kernel: 3x3, padding: same, activation: tanh)(x); return conv2d(1, kernel: 1x1)(concat(a, x, axis: -1)) | mae",
            "concat of images, height 1    | 4x4x1 | 8x4x2 | a = conv2d(2, kernel: 3x3, padding: same, activation: tanh)(x); return concat(a, conv2d(2, kernel: 1x1)(x), axis: 1) | mse",
            "concat of images, width -2    | 4x4x1 | 4x8x2 | a = conv2d(2, kernel: 3x3, padding: same)(x); return concat(conv2d(2, kernel: 1x1, activation: tanh)(a), a, axis: -2) | mse",
    })
    void mergeGradientsMatchFiniteDifferences(String name, String in, String out, String body, String loss) {
        Loss kind = Loss.valueOf(loss.trim().toUpperCase());
        String text = "model M(x: " + in.trim() + ") -> " + out.trim() + " {\n" + body.trim().replace("; ", "\n") + "\n}\n";
        Compiler.Result result = Compiler.compile(new SourceFile("gradcheck.aemodel", text), Path.of("."));
        assertThat(result.ok()).as(text).isTrue();
        Graph graph = Lowerer.lower(result.program().orElseThrow(), "M");
        CompiledModel model = SameDiffLowering.lower(graph, kind, Reduction.MEAN, () -> ModelGraph.create(3, DataType.DOUBLE));
        assertThat(worstRelativeError(model, new Random(name.hashCode()), false)).as(name).isLessThan(TOLERANCE);
    }

    @Test
    void checkCatchesNd4jsWrongNhwcUpsamplingGradient() {
        String layers = "conv2d(2, kernel: 3x3, padding: same) upsample(2x2) conv2d(2, kernel: 3x3, padding: same)";
        CompiledModel buggy = compile("3x3x2", "6x6x2", layers, Loss.MSE, Reduction.MEAN,
                () -> WrongUpsampling.graph(3, DataType.DOUBLE));
        CompiledModel fixed = compile("3x3x2", "6x6x2", layers, Loss.MSE, Reduction.MEAN,
                () -> ModelGraph.create(3, DataType.DOUBLE));
        assertThat(worstRelativeError(buggy, new Random(1), false)).isGreaterThan(0.1);
        assertThat(worstRelativeError(fixed, new Random(1), false)).isLessThan(TOLERANCE);
    }

    private static CompiledModel compile(String in, String out, String layers, Loss loss, Reduction reduction,
                                         Supplier<ModelGraph> empty) {
        String text = "model M : " + in.trim() + " -> " + out.trim() + " {\n" + layers.trim().replace(") ", ")\n") + "\n}\n";
        Compiler.Result result = Compiler.compile(new SourceFile("gradcheck.aemodel", text), Path.of("."));
        assertThat(result.ok()).as(text).isTrue();
        CheckedProgram program = result.program().orElseThrow();
        Graph graph = Lowerer.lower(program, "M");
        return SameDiffLowering.lower(graph, loss, reduction, empty);
    }

    /**
     * The largest relative error over a sample of elements of every parameter. A classifier's
     * targets are one-hot rows, as training feeds them; others are values in [0.1, 0.9].
     */
    private static double worstRelativeError(CompiledModel model, Random random, boolean oneHotTargets) {
        Graph graph = model.graph();
        INDArray x = random(random, 2, graph.input().dims());
        INDArray t = oneHotTargets
                ? oneHot(random, 2, graph.output().dim(0))
                : Nd4j.rand(DataType.DOUBLE, graph.output().withBatch(2)).muli(0.8).addi(0.1);
        Map<String, INDArray> feed = new HashMap<>(Map.of(CompiledModel.INPUT, x, CompiledModel.TARGET, t));
        // A gaussian layer samples with fixed noise here, so the loss is a deterministic function of the weights.
        model.latent().ifPresent(l -> feed.put(CompiledModel.NOISE, random(random, 2, List.of(l.units()))));
        // Dropout and noise run in training mode, their draws seeded alike for every evaluation, so
        // the loss is a deterministic function of the weights with the layers doing their work.
        Map<String, INDArray> grads = Modes.training(model, DRAWS, 2, () -> Nd4jEnvironment.silently(() ->
                model.sameDiff().calculateGradients(feed, model.paramNames())));
        double worst = 0;
        for (String name : model.paramNames()) {
            INDArray param = model.sameDiff().getVariable(name).getArr();
            INDArray grad = grads.get(name);
            long n = param.length();
            for (int k = 0; k < Math.min(n, CHECKS_PER_PARAM); k++) {
                long i = n <= CHECKS_PER_PARAM ? k : (long) (random.nextDouble() * n);
                double original = param.getDouble(i);
                param.putScalar(i, original + H);
                double plus = loss(model, feed);
                param.putScalar(i, original - H);
                double minus = loss(model, feed);
                param.putScalar(i, original);
                double numeric = (plus - minus) / (2 * H);
                double analytic = grad.getDouble(i);
                double error = Math.abs(numeric - analytic) / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic));
                worst = Math.max(worst, error);
            }
        }
        return worst;
    }

    private static double loss(CompiledModel model, Map<String, INDArray> feed) {
        return Modes.training(model, DRAWS, (int) feed.get(CompiledModel.INPUT).size(0),
                () -> model.sameDiff().output(feed, CompiledModel.LOSS).get(CompiledModel.LOSS).getDouble(0));
    }

    private static INDArray oneHot(Random random, int batch, int classes) {
        INDArray t = Nd4j.zeros(DataType.DOUBLE, batch, classes);
        for (int i = 0; i < batch; i++) {
            t.putScalar(i, random.nextInt(classes), 1.0);
        }
        return t;
    }

    private static INDArray random(Random random, int batch, List<Integer> dims) {
        INDArray a = Nd4j.create(DataType.DOUBLE, new Shape(dims).withBatch(batch));
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, random.nextGaussian());
        }
        return a;
    }
}
