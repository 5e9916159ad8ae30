package dev.aec.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.source.SourceFile;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A classifier's lowered loss (what training, `aec eval` and run.json report) against Keras's
 * categorical cross-entropy written out by hand in doubles from the graph's own weights.
 */
class CategoricalLossTest {
    private static final int IN = 5;
    private static final int CLASSES = 4;
    private static final int BATCH = 7;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"float", "double"})
    void graphLossEqualsTheLossWrittenOutByHand(String precision) {
        DataType type = precision.equals("float") ? DataType.FLOAT : DataType.DOUBLE;
        CompiledModel model = compile("dense(4, activation: softmax)", type);
        assertThat(model.lossFromLogits()).isTrue();
        Random random = new Random(5);
        double[][] x = new double[BATCH][IN];
        int[] labels = new int[BATCH];
        for (int i = 0; i < BATCH; i++) {
            for (int j = 0; j < IN; j++) {
                x[i][j] = 4 * random.nextGaussian();
            }
            labels[i] = random.nextInt(CLASSES);
        }
        assertThat(model.paramNames()).hasSize(2);
        INDArray kernel = model.sameDiff().getVariable(model.paramNames().get(0)).getArr();
        INDArray bias = model.sameDiff().getVariable(model.paramNames().get(1)).getArr();
        assertThat(kernel.shape()).containsExactly(IN, CLASSES);
        double expected = 0;
        for (int i = 0; i < BATCH; i++) {
            double[] z = new double[CLASSES];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < CLASSES; c++) {
                z[c] = bias.getDouble(c);
                for (int j = 0; j < IN; j++) {
                    z[c] += x[i][j] * kernel.getDouble(j, c);
                }
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (double v : z) {
                sum += Math.exp(v - max);
            }
            expected -= z[labels[i]] - max - Math.log(sum);
        }
        expected /= BATCH;
        INDArray input = Nd4j.create(x).castTo(type);
        INDArray target = LossValueTest.oneHot(labels, CLASSES).castTo(type);
        double graphLoss = Nd4jEnvironment.silently(() -> model.sameDiff().output(
                Map.of(CompiledModel.INPUT, input, CompiledModel.TARGET, target), CompiledModel.LOSS))
                .get(CompiledModel.LOSS).getDouble(0);
        double tolerance = type == DataType.FLOAT ? 1e-5 * Math.max(1, expected) : 1e-12;
        assertThat(graphLoss).isCloseTo(expected, Offset.offset(tolerance));
        INDArray logits = Nd4jEnvironment.silently(() -> model.sameDiff().output(
                Map.of(CompiledModel.INPUT, input), model.lossInput())).get(model.lossInput());
        assertThat(LossValue.of(Loss.CATEGORICAL_CROSSENTROPY, true, logits, target))
                .isCloseTo(expected, Offset.offset(tolerance));
    }

    @Test
    void outputIsTheSoftmaxOfTheLogitsTheLossReads() {
        CompiledModel model = compile("dense(4) softmax", DataType.DOUBLE);
        assertThat(model.lossFromLogits()).isTrue();
        INDArray input = Nd4j.rand(DataType.DOUBLE, 3, IN);
        Map<String, INDArray> out = Nd4jEnvironment.silently(() -> model.sameDiff().output(
                Map.of(CompiledModel.INPUT, input), CompiledModel.OUTPUT, model.lossInput()));
        INDArray probabilities = out.get(CompiledModel.OUTPUT);
        INDArray logits = out.get(model.lossInput());
        for (int i = 0; i < 3; i++) {
            double sum = 0;
            for (int c = 0; c < CLASSES; c++) {
                sum += Math.exp(logits.getDouble(i, c));
            }
            for (int c = 0; c < CLASSES; c++) {
                assertThat(probabilities.getDouble(i, c)).isCloseTo(Math.exp(logits.getDouble(i, c)) / sum,
                        Offset.offset(1e-12));
            }
        }
    }

    private static CompiledModel compile(String layers, DataType type) {
        String text = "model M : " + IN + " -> " + CLASSES + " {\n" + layers.replace(") ", ")\n") + "\n}\n";
        Compiler.Result result = Compiler.compile(new SourceFile("classifier.aemodel", text), Path.of("."));
        assertThat(result.ok()).as(text).isTrue();
        return SameDiffLowering.lower(Lowerer.lower(result.program().orElseThrow(), "M"),
                Loss.CATEGORICAL_CROSSENTROPY, 3, type);
    }
}
