package dev.aec.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.model.Loss;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Each loss on arrays against its definition written out element by element. */
class LossValueTest {
    private static final double[] Z = {-30, -2.5, -0.1, 0, 0.3, 4, 25};
    private static final double[] T = {0, 0.2, 1, 0.5, 0.9, 1, 0};

    @BeforeAll
    static void nd4j() {
        Nd4jEnvironment.init();
    }

    @Test
    void binaryCrossEntropyOnLogitsIsStableAndExact() {
        double expected = 0;
        for (int i = 0; i < Z.length; i++) {
            double p = 1 / (1 + Math.exp(-Z[i]));
            double logP = Z[i] >= 0 ? -Math.log1p(Math.exp(-Z[i])) : Z[i] - Math.log1p(Math.exp(Z[i]));
            double log1mP = Z[i] >= 0 ? -Z[i] - Math.log1p(Math.exp(-Z[i])) : -Math.log1p(Math.exp(Z[i]));
            expected -= T[i] * logP + (1 - T[i]) * log1mP;
            assertThat(p).isBetween(0.0, 1.0);
        }
        assertThat(LossValue.of(Loss.BINARY_CROSSENTROPY, true, array(Z), array(T)))
                .isCloseTo(expected / Z.length, Offset.offset(1e-9));
    }

    @Test
    void binaryCrossEntropyOnProbabilitiesClipsAsKeras() {
        double[] p = {0, 1e-9, 0.2, 0.5, 0.99, 1, 0.7};
        double expected = 0;
        for (int i = 0; i < p.length; i++) {
            double c = Math.min(Math.max(p[i], 1e-7), 1 - 1e-7);
            expected -= T[i] * Math.log(c) + (1 - T[i]) * Math.log(1 - c);
        }
        assertThat(LossValue.of(Loss.BINARY_CROSSENTROPY, false, array(p), array(T)))
                .isCloseTo(expected / p.length, Offset.offset(1e-9));
    }

    @Test
    void meanSquaredAndAbsoluteErrorsArePerElementMeans() {
        double mse = 0;
        double mae = 0;
        for (int i = 0; i < Z.length; i++) {
            mse += (Z[i] - T[i]) * (Z[i] - T[i]);
            mae += Math.abs(Z[i] - T[i]);
        }
        assertThat(LossValue.of(Loss.MSE, false, array(Z), array(T))).isCloseTo(mse / Z.length, Offset.offset(1e-9));
        assertThat(LossValue.of(Loss.MAE, false, array(Z), array(T))).isCloseTo(mae / Z.length, Offset.offset(1e-9));
    }

    @Test
    void categoricalCrossEntropyOnLogitsIsThePerSampleMeanOfMinusLogSoftmax() {
        double[][] z = {{-30, 2.5, 0.1, 0}, {40, -40, 3, 0.5}, {0, 0, 0, 0}};
        int[] label = {1, 1, 3};
        double expected = 0;
        for (int i = 0; i < z.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z[i]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (double v : z[i]) {
                sum += Math.exp(v - max);
            }
            expected -= z[i][label[i]] - max - Math.log(sum);
        }
        assertThat(LossValue.of(Loss.CATEGORICAL_CROSSENTROPY, true, matrix(z), oneHot(label, 4)))
                .isCloseTo(expected / z.length, Offset.offset(1e-9));
        // The second sample's label has probability e^-80: a naive log(softmax) would give infinity.
        assertThat(expected / z.length).isGreaterThan(80 / 3.0);
    }

    @Test
    void categoricalCrossEntropyOnProbabilitiesRescalesAndClipsAsKeras() {
        double[][] p = {{0.2, 0.2, 0.4, 0.2}, {0, 0.5, 0.25, 0.25}, {0.3, 0.3, 0.3, 0.3}};
        int[] label = {2, 0, 1};
        double expected = 0;
        for (int i = 0; i < p.length; i++) {
            double sum = 0;
            for (double v : p[i]) {
                sum += v;
            }
            double c = Math.min(Math.max(p[i][label[i]] / sum, 1e-7), 1 - 1e-7);
            expected -= Math.log(c);
        }
        assertThat(LossValue.of(Loss.CATEGORICAL_CROSSENTROPY, false, matrix(p), oneHot(label, 4)))
                .isCloseTo(expected / p.length, Offset.offset(1e-9));
    }

    static INDArray oneHot(int[] labels, int classes) {
        INDArray t = Nd4j.zeros(DataType.DOUBLE, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            t.putScalar(i, labels[i], 1.0);
        }
        return t;
    }

    private static INDArray matrix(double[][] values) {
        return Nd4j.create(values).castTo(DataType.DOUBLE);
    }

    private static INDArray array(double[] values) {
        return Nd4j.create(values, new long[] {1, values.length}, DataType.DOUBLE);
    }
}
