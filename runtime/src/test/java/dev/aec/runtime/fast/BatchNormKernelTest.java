package dev.aec.runtime.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.runtime.fast.BatchNormKernel.Mode;
import dev.aec.runtime.fast.BatchNormKernel.MovingVariance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation: oneDNN's float kernel against the double loops, the loops against central
 * finite differences and against the definition, the moving statistics against Keras's rule.
 */
class BatchNormKernelTest {
    /** The arrays of one layer. */
    record Arrays(INDArray x, INDArray gamma, INDArray beta, INDArray movingMean, INDArray movingVariance,
                  INDArray y, INDArray gradY, INDArray gradGamma, INDArray gradBeta, Optional<INDArray> gradIn) {
        /** Random input, parameters and moving statistics (not Keras's initial ones, so that each one matters). */
        static Arrays random(long[] shape, DataType type, boolean gradIn, long seed) {
            Nd4j.getRandom().setSeed(seed);
            long c = shape[shape.length - 1];
            INDArray x = Nd4j.randn(type, shape).muli(1.5).addi(0.7);
            return new Arrays(x, Nd4j.rand(type, c).addi(0.5), Nd4j.rand(type, c).subi(0.5),
                    Nd4j.rand(type, c).subi(0.5), Nd4j.rand(type, c).addi(0.5), x.ulike(),
                    Nd4j.rand(type, shape).subi(0.5), Nd4j.create(type, c), Nd4j.create(type, c),
                    gradIn ? Optional.of(x.ulike()) : Optional.empty());
        }

        Arrays castTo(DataType type) {
            return new Arrays(x.castTo(type), gamma.castTo(type), beta.castTo(type), movingMean.castTo(type),
                    movingVariance.castTo(type), y.castTo(type), gradY.castTo(type), gradGamma.castTo(type),
                    gradBeta.castTo(type), gradIn.map(g -> g.castTo(type)));
        }

        BatchNormKernel kernel(Mode mode) {
            return BatchNormKernel.of(x, gamma, beta, movingMean, movingVariance, y, BatchNormKernel.MOMENTUM,
                    BatchNormKernel.EPSILON, mode, MovingVariance.keras(x.rank()), gradY, gradGamma, gradBeta, gradIn);
        }
    }

    static long[] shape(String spec) {
        return java.util.Arrays.stream(spec.trim().split("x")).mapToLong(Long::parseLong).toArray();
    }

    @ParameterizedTest(name = "{0}, {1}, input gradient {2}")
    @CsvSource({
            "4x5x5x3,   TRAINING,  true",
            "4x5x5x3,   INFERENCE, true",
            "2x3x3x16,  TRAINING,  false",
            "6x4,       TRAINING,  true",
            "6x4,       INFERENCE, false",
            "100x7x7x32, TRAINING, true",
    })
    void oneDnnInFloatAgreesWithTheLoopsInDouble(String shape, Mode mode, boolean gradIn) {
        Arrays reference = Arrays.random(shape(shape), DataType.DOUBLE, gradIn, shape.hashCode());
        Arrays fast = reference.castTo(DataType.FLOAT);
        BatchNormKernel loops = reference.kernel(mode);
        BatchNormKernel onednn = fast.kernel(mode);
        for (int step = 0; step < 2; step++) {
            loops.forward();
            loops.backward();
            onednn.forward();
            onednn.backward();
        }
        assertThat(relativeError(fast.y(), reference.y())).as("output").isLessThan(1e-5);
        // oneDNN sums the 4900 values of a channel of the largest case in float: a few 1e-5 relative.
        assertThat(relativeError(fast.gradGamma(), reference.gradGamma())).as("gamma gradient").isLessThan(1e-4);
        assertThat(relativeError(fast.gradBeta(), reference.gradBeta())).as("beta gradient").isLessThan(1e-4);
        assertThat(relativeError(fast.movingMean(), reference.movingMean())).as("moving mean").isLessThan(1e-5);
        assertThat(relativeError(fast.movingVariance(), reference.movingVariance())).as("moving variance")
                .isLessThan(1e-5);
        if (gradIn) {
            // The input gradient is a difference of nearly equal sums: float keeps fewer of its digits.
            assertThat(relativeError(fast.gradIn().orElseThrow(), reference.gradIn().orElseThrow()))
                    .as("input gradient").isLessThan(1e-4);
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({
            "3x3x2x4, TRAINING",
            "3x3x2x4, INFERENCE",
            "5x3,     TRAINING",
            "5x3,     INFERENCE",
            "2x1x1x2, TRAINING",
    })
    void theLoopsGradientsMatchCentralFiniteDifferences(String shape, Mode mode) {
        Arrays a = Arrays.random(shape(shape), DataType.DOUBLE, true, shape.hashCode());
        BatchNormKernel kernel = a.kernel(mode);
        // Loss sum(r y + y^3 / 3): with a linear loss the input gradient of a batch norm sums to zero per channel.
        INDArray r = a.gradY().dup();
        DoubleSupplier loss = () -> {
            kernel.forward();
            return a.y().mul(r).sumNumber().doubleValue() + a.y().mul(a.y()).mul(a.y()).sumNumber().doubleValue() / 3;
        };
        loss.getAsDouble();
        a.gradY().assign(r.add(a.y().mul(a.y())));
        kernel.backward();
        List<INDArray[]> pairs = new ArrayList<>();
        pairs.add(new INDArray[] {a.gamma(), a.gradGamma().dup()});
        pairs.add(new INDArray[] {a.beta(), a.gradBeta().dup()});
        pairs.add(new INDArray[] {a.x(), a.gradIn().orElseThrow().dup()});
        Random pick = new Random(shape.hashCode());
        double h = 1e-6;
        for (INDArray[] pair : pairs) {
            INDArray value = pair[0].reshape(pair[0].length());
            INDArray analytic = pair[1].reshape(pair[1].length());
            for (int n = 0; n < 24; n++) {
                long i = pick.nextInt((int) value.length());
                double saved = value.getDouble(i);
                value.putScalar(i, saved + h);
                double up = loss.getAsDouble();
                value.putScalar(i, saved - h);
                double down = loss.getAsDouble();
                value.putScalar(i, saved);
                double numeric = (up - down) / (2 * h);
                assertThat(Math.abs(numeric - analytic.getDouble(i)))
                        .as("element %d of %s, %s", i, java.util.Arrays.toString(pair[0].shape()), mode)
                        .isLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"FLOAT", "DOUBLE"})
    void trainingOutputHasMeanBetaAndTheScaledSpreadPerChannel(DataType type) {
        Arrays a = Arrays.random(new long[] {8, 3, 3, 5}, type, false, 3);
        a.kernel(Mode.TRAINING).forward();
        INDArray y = a.y().castTo(DataType.DOUBLE);
        INDArray x = a.x().castTo(DataType.DOUBLE);
        INDArray variance = x.var(false, 0, 1, 2);
        // Epsilon shrinks the spread: var(y) = gamma^2 var(x) / (var(x) + epsilon).
        INDArray gamma = a.gamma().castTo(DataType.DOUBLE);
        INDArray expectedVariance = gamma.mul(gamma).muli(variance).divi(variance.add(BatchNormKernel.EPSILON));
        assertThat(relativeError(y.mean(0, 1, 2), a.beta().castTo(DataType.DOUBLE))).isLessThan(1e-5);
        assertThat(relativeError(y.var(false, 0, 1, 2), expectedVariance)).isLessThan(1e-5);
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({
            "6x3x3x4, FLOAT",
            "6x3x3x4, DOUBLE",
            "10x4,    FLOAT",
            "10x4,    DOUBLE",
    })
    void movingStatisticsFollowKerasOverThreeSteps(String spec, DataType type) {
        long[] shape = shape(spec);
        int c = (int) shape[shape.length - 1];
        INDArray x = Nd4j.create(type, shape);
        INDArray zeros = Nd4j.zeros(type, c);
        INDArray movingMean = zeros.dup();
        INDArray movingVariance = Nd4j.ones(type, c);
        BatchNormKernel kernel = BatchNormKernel.of(x, Nd4j.ones(type, c), zeros.dup(), movingMean, movingVariance,
                x.ulike(), BatchNormKernel.MOMENTUM, BatchNormKernel.EPSILON, Mode.TRAINING,
                MovingVariance.keras(shape.length), x.ulike(), zeros.dup(), zeros.dup(), Optional.empty());
        double[] mean = new double[c];
        double[] unbiased = new double[c];
        double[] biased = new double[c];
        java.util.Arrays.fill(unbiased, 1);
        java.util.Arrays.fill(biased, 1);
        Random random = new Random(7);
        for (int step = 0; step < 3; step++) {
            double[] values = new double[(int) x.length()];
            for (int i = 0; i < values.length; i++) {
                values[i] = 2 * random.nextGaussian() + step;
            }
            x.assign(Nd4j.create(values, shape).castTo(type));
            kernel.forward();
            int per = values.length / c;
            for (int k = 0; k < c; k++) {
                double sum = 0;
                for (int i = 0; i < per; i++) {
                    sum += values[i * c + k];
                }
                double m = sum / per;
                double squares = 0;
                for (int i = 0; i < per; i++) {
                    squares += (values[i * c + k] - m) * (values[i * c + k] - m);
                }
                mean[k] = 0.99 * mean[k] + 0.01 * m;
                unbiased[k] = 0.99 * unbiased[k] + 0.01 * squares / (per - 1);
                biased[k] = 0.99 * biased[k] + 0.01 * squares / per;
            }
        }
        double tolerance = type == DataType.FLOAT ? 1e-6 : 1e-14;
        assertThat(movingMean.castTo(DataType.DOUBLE).toDoubleVector()).containsExactly(mean,
                org.assertj.core.data.Offset.offset(tolerance));
        double[] expected = shape.length == 4 ? unbiased : biased;
        double[] other = shape.length == 4 ? biased : unbiased;
        double[] actual = movingVariance.castTo(DataType.DOUBLE).toDoubleVector();
        assertThat(actual).containsExactly(expected, org.assertj.core.data.Offset.offset(tolerance));
        // The two rules differ by far more than the tolerance on these batch sizes.
        assertThat(Math.abs(actual[0] - other[0])).isGreaterThan(1e-4);
    }

    /**
     * oneDNN 2.5 runs a plain `[n, c]` array with its generic loops (`ncsp_bnorm:any`), 25 times slower
     * than its vectorised kernels on a decoder's 25,088 x 32 values; the kernel describes every input
     * as NHWC so that it gets those, or for a channel count its vectors do not cover, its generic loops
     * along the channels (`nspc_bnorm:any`). Holds on any CPU with AVX2 or later.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"32x28x28x32, bnorm_jit:", "6272x64, bnorm_jit:", "3x5, nspc_bnorm:"})
    void oneDnnRunsBatchNormalisationWithAVectorisedKernel(String spec, String kernel) {
        Arrays a = Arrays.random(shape(spec), DataType.FLOAT, true, 3);
        DnnlBatchNorm norm = new DnnlBatchNorm(a.x(), a.gamma(), a.beta(), a.y(), a.movingMean(),
                a.movingVariance(), (float) BatchNormKernel.EPSILON, true, a.gradY(), a.gradGamma(), a.gradBeta(),
                a.gradIn().orElseThrow());
        assertThat(norm.implementation()).startsWith(kernel);
    }

    @Test
    void kerasCorrectsTheMovingVarianceOnlyOnItsFusedRankFourPath() {
        assertThat(MovingVariance.keras(4)).isEqualTo(MovingVariance.BESSEL_CORRECTED);
        assertThat(MovingVariance.keras(2)).isEqualTo(MovingVariance.BIASED);
    }

    /**
     * ND4J's batch norm on copies of a layer's arrays in float: the forward op in SameDiff, fed the
     * batch statistics (SameDiff ops) or the moving ones, and libnd4j's `batchnorm_bp` run directly,
     * as SameDiff cannot differentiate its own op (see below).
     */
    private record Nd4jBatchNorm(INDArray y, INDArray gradIn, INDArray gradMean, INDArray gradVariance,
                                 INDArray gradGamma, INDArray gradBeta) {
        static Nd4jBatchNorm of(Arrays a, Mode mode) {
            SameDiff sd = SameDiff.create();
            SDVariable x = sd.var("x", a.x().dup());
            int[] dims = a.x().rank() == 4 ? new int[] {0, 1, 2} : new int[] {0};
            SDVariable mean = mode == Mode.TRAINING ? x.mean(dims) : sd.constant("mean", a.movingMean().dup());
            // biasCorrected false: the biased batch variance, which Keras and oneDNN normalise with.
            SDVariable variance = mode == Mode.TRAINING ? sd.variance(x, false, dims)
                    : sd.constant("variance", a.movingVariance().dup());
            SDVariable y = sd.nn().batchNorm(x, mean, variance, sd.var("gamma", a.gamma().dup()),
                    sd.var("beta", a.beta().dup()), BatchNormKernel.EPSILON, a.x().rank() - 1);
            INDArray out = y.eval().dup();
            INDArray m = mean.eval().dup();
            INDArray v = variance.eval().dup();
            Nd4jBatchNorm bp = new Nd4jBatchNorm(out, a.x().ulike(), m.ulike(), v.ulike(), a.gamma().ulike(),
                    a.beta().ulike());
            // Integer arguments: apply gamma, apply beta, then the channel axis.
            Nd4j.exec(DynamicCustomOp.builder("batchnorm_bp")
                    .addInputs(a.x(), m, v, a.gamma(), a.beta(), a.gradY())
                    .addOutputs(bp.gradIn(), bp.gradMean(), bp.gradVariance(), bp.gradGamma(), bp.gradBeta())
                    .addIntegerArguments(1, 1, a.x().rank() - 1)
                    .addFloatingPointArguments(BatchNormKernel.EPSILON)
                    .build());
            return bp;
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"4x3x3x5, TRAINING", "4x3x3x5, INFERENCE", "6x4, TRAINING", "6x4, INFERENCE"})
    void nd4jsBatchNormAgreesInFloatWhereItsGradientHoldsTheBatchStatistics(String spec, Mode mode) {
        Arrays a = Arrays.random(shape(spec), DataType.FLOAT, true, 9);
        Nd4jBatchNorm nd4j = Nd4jBatchNorm.of(a, mode);
        BatchNormKernel kernel = a.kernel(mode);
        kernel.forward();
        kernel.backward();
        assertThat(relativeError(a.y(), nd4j.y())).as("output").isLessThan(1e-5);
        assertThat(relativeError(a.gradGamma(), nd4j.gradGamma())).as("gamma gradient").isLessThan(1e-5);
        assertThat(relativeError(a.gradBeta(), nd4j.gradBeta())).as("beta gradient").isLessThan(1e-5);
        // libnd4j's batchnorm_bp differentiates through the batch statistics inside its input
        // gradient, whatever mean and variance it is given, and leaves theirs zero (so that SameDiff
        // would not count them twice). With moving statistics, constants in Keras's inference mode,
        // its input gradient is therefore not the gradient of the op it computed forward.
        assertThat(nd4j.gradMean().amaxNumber().doubleValue()).isZero();
        assertThat(nd4j.gradVariance().amaxNumber().doubleValue()).isZero();
        double inputError = relativeError(a.gradIn().orElseThrow(), nd4j.gradIn());
        if (mode == Mode.TRAINING) {
            assertThat(inputError).as("input gradient").isLessThan(1e-5);
        } else {
            assertThat(inputError).as("input gradient").isGreaterThan(0.1);
        }
    }

    @Test
    void sameDiffCannotDifferentiateItsOwnBatchNorm() {
        // ND4J 1.0.0-M2.1: BatchNorm.doDiff builds its BatchNormDerivative without the axis, whose
        // constructor then rejects it; a SameDiff graph with batchNorm cannot be trained.
        Arrays a = Arrays.random(new long[] {4, 3}, DataType.FLOAT, false, 1);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", a.x());
        SDVariable y = sd.nn().batchNorm(x, x.mean(0), sd.variance(x, false, 0), sd.var("gamma", a.gamma()),
                sd.var("beta", a.beta()), BatchNormKernel.EPSILON, 1);
        y.mul(sd.constant(a.gradY())).sum().markAsLoss();
        assertThatThrownBy(() -> sd.calculateGradients(Map.of(), "x", "gamma", "beta"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("axis");
    }

    static double relativeError(INDArray actual, INDArray expected) {
        INDArray e = expected.castTo(DataType.DOUBLE);
        double scale = Math.max(e.amaxNumber().doubleValue(), 1e-6);
        return actual.castTo(DataType.DOUBLE).sub(e).amaxNumber().doubleValue() / scale;
    }
}
