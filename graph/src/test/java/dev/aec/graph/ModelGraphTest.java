package dev.aec.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What only the library knows: the order its initial weights are drawn in, the upsampling that
 * works around ND4J's wrong NHWC gradient, and which losses read logits. The runtime's tests check
 * every layer kind's gradient and the generated classes against this same code.
 */
class ModelGraphTest {
    private static final double H = 1e-6;

    @Test
    void kernelsAreGlorotUniformDrawsFromOneStreamInLayerOrderRowMajorAndBiasesAreZero() {
        ModelGraph g = ModelGraph.create(42);
        SDVariable x = g.input(3);
        x = g.dense("first", x, 3, 2, Activation.relu());
        x = g.reshape("square", x, 1, 2, 1);
        g.conv2d("second", x, 1, 2, 1, 2, 1, 1, Padding.SAME, Activation.linear());
        SameDiff sd = g.sameDiff();

        SplittableRandom random = new SplittableRandom(42);
        double dense = Math.sqrt(6.0 / (3 + 2));
        INDArray firstKernel = sd.getVariable("first/kernel").getArr();
        for (int row = 0; row < 3; row++) {
            for (int col = 0; col < 2; col++) {
                float expected = (float) ((random.nextDouble() * 2 - 1) * dense);
                assertThat(firstKernel.getFloat(row, col)).as("first/kernel[%d][%d]", row, col).isEqualTo(expected);
            }
        }
        // The bias takes no draws: the next layer's kernel continues the same stream. Conv2D's fans are
        // kernel area times channels in and out: 1 * 2 * 1 and 1 * 2 * 2.
        double conv = Math.sqrt(6.0 / (2 + 4));
        INDArray secondKernel = sd.getVariable("second/kernel").getArr();
        assertThat(secondKernel.shape()).containsExactly(1, 2, 1, 2);
        for (int col = 0; col < 2; col++) {
            for (int filter = 0; filter < 2; filter++) {
                float expected = (float) ((random.nextDouble() * 2 - 1) * conv);
                assertThat(secondKernel.getFloat(0, col, 0, filter)).isEqualTo(expected);
            }
        }
        assertThat(sd.getVariable("first/bias").getArr().data().asFloat()).containsOnly(0f);
        assertThat(sd.getVariable("second/bias").getArr().data().asFloat()).containsOnly(0f);
        assertThat(g.paramNames()).containsExactly("first/kernel", "first/bias", "second/kernel", "second/bias");
    }

    @Test
    void aDoubleGraphHoldsTheFloatDrawsOfTheSameSeed() {
        INDArray single = denseKernel(ModelGraph.create(5, DataType.FLOAT));
        INDArray twice = denseKernel(ModelGraph.create(5, DataType.DOUBLE));
        assertThat(twice.dataType()).isEqualTo(DataType.DOUBLE);
        assertThat(twice.castTo(DataType.FLOAT)).isEqualTo(single);
        assertThat(twice.getDouble(0)).isNotEqualTo(0.0).isEqualTo((double) single.getFloat(0));
    }

    @Test
    void upsampleRepeatsRowsAndColumnsOfEveryChannel() {
        ModelGraph g = ModelGraph.create(1, DataType.DOUBLE);
        g.output(g.upsample("up", g.input(2, 2, 2), 2, 3));
        // Channel c of pixel (r, k) holds 10 * (2r + k) + c.
        INDArray in = Nd4j.create(new double[] {0, 1, 10, 11, 20, 21, 30, 31}, new long[] {1, 2, 2, 2}, 'c');
        INDArray out = g.sameDiff().outputSingle(Map.of(ModelGraph.INPUT, in), ModelGraph.OUTPUT);
        assertThat(out.shape()).containsExactly(1, 4, 6, 2);
        for (int r = 0; r < 4; r++) {
            for (int k = 0; k < 6; k++) {
                for (int c = 0; c < 2; c++) {
                    assertThat(out.getDouble(0, r, k, c)).isEqualTo(10 * (2 * (r / 2) + k / 3) + c);
                }
            }
        }
    }

    @Test
    void upsamplingGradientMatchesFiniteDifferencesWhereNd4jsNhwcOpDoesNot() {
        assertThat(worstRelativeError(ModelGraph.create(3, DataType.DOUBLE))).isLessThan(1e-5);
        assertThat(worstRelativeError(WrongUpsampling.graph(3, DataType.DOUBLE))).isGreaterThan(0.1);
    }

    @Test
    void crossEntropyOnASigmoidOrSoftmaxOutputReadsItsLogits() {
        ModelGraph sigmoid = ModelGraph.create(1);
        SDVariable out = sigmoid.dense("d", sigmoid.input(4), 4, 3, Activation.sigmoid());
        TrainingLoss bce = sigmoid.loss(Loss.BINARY_CROSSENTROPY, Reduction.MEAN, sigmoid.target(3), out);
        assertThat(bce.fromLogits()).isTrue();
        assertThat(bce.input().name()).isEqualTo("d/linear");

        ModelGraph softmax = ModelGraph.create(1);
        SDVariable h = softmax.dense("d", softmax.input(4), 4, 3, Activation.linear());
        out = softmax.activation("softmax", h, Activation.softmax());
        TrainingLoss cce = softmax.loss(Loss.CATEGORICAL_CROSSENTROPY, Reduction.MEAN, softmax.target(3), out);
        assertThat(cce.input().name()).isEqualTo("d");

        // A cross-entropy of the other kind, or a squared error, reads the output itself.
        ModelGraph other = ModelGraph.create(1);
        out = other.dense("d", other.input(4), 4, 3, Activation.softmax());
        TrainingLoss mismatched = other.loss(Loss.BINARY_CROSSENTROPY, Reduction.MEAN, other.target(3), out);
        assertThat(mismatched.fromLogits()).isFalse();
        assertThat(mismatched.input()).isSameAs(out);
    }

    @Test
    void summedLossIsTheMeanTimesTheElementsOfASampleAndAddsTheWeightedKlTerm() {
        ModelGraph g = ModelGraph.create(9, DataType.DOUBLE);
        SDVariable z = g.gaussian("g", g.input(4), 4, 2, 0.25);
        SDVariable out = g.reshape("r", g.dense("d", z, 2, 6, Activation.sigmoid()), 1, 2, 3);
        g.output(out);
        TrainingLoss loss = g.loss(Loss.MSE, Reduction.SUM, g.target(1, 2, 3), out);
        assertThat(loss.scale()).isEqualTo(6);
        assertThat(g.latent()).contains(new Latent(ModelGraph.NOISE, 2, "g/mean", "g/log_var", 0.25));

        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 4);
        INDArray t = Nd4j.rand(DataType.DOUBLE, 3, 1, 2, 3);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 3, 2);
        Map<String, INDArray> v = g.sameDiff().output(Map.of(ModelGraph.INPUT, x, ModelGraph.TARGET, t,
                ModelGraph.NOISE, eps), ModelGraph.OUTPUT, ModelGraph.RECONSTRUCTION, ModelGraph.KL, ModelGraph.LOSS);
        double squares = v.get(ModelGraph.OUTPUT).sub(t).norm2Number().doubleValue();
        assertThat(v.get(ModelGraph.RECONSTRUCTION).getDouble(0)).isCloseTo(squares * squares / 3,
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(v.get(ModelGraph.LOSS).getDouble(0)).isCloseTo(v.get(ModelGraph.RECONSTRUCTION).getDouble(0)
                + 0.25 * v.get(ModelGraph.KL).getDouble(0), org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> g.gaussian("again", z, 2, 2, 1)).isInstanceOf(IllegalStateException.class);
    }

    private static INDArray denseKernel(ModelGraph g) {
        g.dense("d", g.input(3), 3, 4, Activation.tanh());
        return g.sameDiff().getVariable("d/kernel").getArr();
    }

    /**
     * conv2d, upsample 2x2, conv2d with a squared error on [2, 3, 3, 2] inputs: the largest relative
     * error of the weights' gradients against central finite differences.
     */
    private static double worstRelativeError(ModelGraph g) {
        SDVariable x = g.input(3, 3, 2);
        x = g.conv2d("c1", x, 2, 2, 3, 3, 1, 1, Padding.SAME, Activation.tanh());
        x = g.upsample("up", x, 2, 2);
        x = g.conv2d("c2", x, 2, 2, 3, 3, 1, 1, Padding.SAME, Activation.linear());
        g.output(x);
        g.loss(Loss.MSE, Reduction.MEAN, g.target(6, 6, 2), x);
        SameDiff sd = g.sameDiff();
        Random random = new Random(1);
        Map<String, INDArray> feed = Map.of(ModelGraph.INPUT, gaussian(random, 2, 3, 3, 2),
                ModelGraph.TARGET, gaussian(random, 2, 6, 6, 2));
        List<String> params = g.paramNames();
        Map<String, INDArray> gradients = sd.calculateGradients(feed, params);
        double worst = 0;
        for (String name : params) {
            INDArray param = sd.getVariable(name).getArr();
            for (long i = 0; i < param.length(); i++) {
                double original = param.getDouble(i);
                param.putScalar(i, original + H);
                double plus = sd.output(feed, ModelGraph.LOSS).get(ModelGraph.LOSS).getDouble(0);
                param.putScalar(i, original - H);
                double minus = sd.output(feed, ModelGraph.LOSS).get(ModelGraph.LOSS).getDouble(0);
                param.putScalar(i, original);
                double numeric = (plus - minus) / (2 * H);
                double analytic = gradients.get(name).getDouble(i);
                worst = Math.max(worst, Math.abs(numeric - analytic)
                        / Math.max(1e-3, Math.abs(numeric) + Math.abs(analytic)));
            }
        }
        return worst;
    }

    private static INDArray gaussian(Random random, long... shape) {
        INDArray a = Nd4j.create(DataType.DOUBLE, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, random.nextGaussian());
        }
        return a;
    }
}
