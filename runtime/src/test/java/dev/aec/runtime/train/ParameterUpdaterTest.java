package dev.aec.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.model.Optimizer;
import dev.aec.compiler.model.OptimizerKind;
import dev.aec.runtime.backend.Nd4jEnvironment;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every optimizer against Keras's update rule written out in plain Java doubles, over several
 * steps with changing gradients.
 */
class ParameterUpdaterTest {
    private static final int SIZE = 7;
    private static final int STEPS = 5;

    @BeforeAll
    static void nd4j() {
        Nd4jEnvironment.init();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "ADADELTA |                                                    ",
            "ADADELTA | learning_rate=0.5                                  ",
            "ADAM     |                                                    ",
            "ADAM     | learning_rate=0.01, beta_1=0.8                     ",
            "SGD      |                                                    ",
            "SGD      | momentum=0.9                                       ",
            "SGD      | momentum=0.9, nesterov=1                           ",
            "RMSPROP  |                                                    ",
            "RMSPROP  | momentum=0.5                                       ",
            "ADAGRAD  |                                                    ",
    })
    void matchesKerasUpdateRule(OptimizerKind kind, String overrides) {
        Optimizer spec = Optimizers.of(kind, overrides);
        Map<String, Double> params = spec.params();
        Random random = new Random(kind.ordinal() * 31L + params.hashCode());
        double[] expected = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            expected[i] = random.nextGaussian();
        }
        INDArray actual = Nd4j.create(expected, new long[] {SIZE}, DataType.DOUBLE);
        ParameterUpdater updater = new ParameterUpdater(spec);
        KerasReference reference = new KerasReference(kind, params);
        for (int step = 1; step <= STEPS; step++) {
            double[] g = new double[SIZE];
            for (int i = 0; i < SIZE; i++) {
                g[i] = random.nextGaussian() * 0.5;
            }
            reference.apply(expected, g, step);
            updater.apply(Map.of("w", actual), Map.of("w", Nd4j.create(g, new long[] {SIZE}, DataType.DOUBLE)));
        }
        for (int i = 0; i < SIZE; i++) {
            assertThat(actual.getDouble(i)).as("element " + i).isCloseTo(expected[i],
                    org.assertj.core.data.Offset.offset(1e-6 * Math.max(1, Math.abs(expected[i]))));
        }
    }

    @org.junit.jupiter.api.Test
    void adadeltaResumedFromItsSavedStateContinuesExactly() {
        Optimizer spec = Optimizers.of(OptimizerKind.ADADELTA, "");
        Random random = new Random(5);
        INDArray straight = Nd4j.rand(DataType.FLOAT, 50);
        INDArray resumed = straight.dup();
        ParameterUpdater straightUpdater = new ParameterUpdater(spec);
        ParameterUpdater first = new ParameterUpdater(spec);
        ParameterUpdater second = new ParameterUpdater(spec);
        for (int step = 1; step <= 6; step++) {
            INDArray g = Nd4j.rand(DataType.FLOAT, 50).subi(0.5);
            straightUpdater.apply(Map.of("w", straight), Map.of("w", g.dup()));
            if (step <= 3) {
                first.apply(Map.of("w", resumed), Map.of("w", g.dup()));
            } else {
                if (step == 4) {
                    // As a checkpoint: the state is copied out, and a new updater restores the copies.
                    Map<String, INDArray> saved = new java.util.LinkedHashMap<>();
                    first.state().forEach((k, v) -> saved.put(k, v.dup()));
                    second.restore(saved);
                }
                second.apply(Map.of("w", resumed), Map.of("w", g.dup()));
            }
        }
        assertThat(resumed).isEqualTo(straight);
    }

    /** Keras's (TF 2) rules, one element at a time. */
    private static final class KerasReference {
        private final OptimizerKind kind;
        private final Map<String, Double> p;
        private final double[] a = new double[SIZE];
        private final double[] b = new double[SIZE];

        KerasReference(OptimizerKind kind, Map<String, Double> p) {
            this.kind = kind;
            this.p = p;
            if (kind == OptimizerKind.ADAGRAD) {
                java.util.Arrays.fill(a, p.get("initial_accumulator_value"));
            }
        }

        void apply(double[] w, double[] g, int t) {
            double lr = p.get("learning_rate");
            for (int i = 0; i < SIZE; i++) {
                switch (kind) {
                    case ADADELTA -> {
                        double rho = p.get("rho");
                        double eps = p.get("epsilon");
                        a[i] = rho * a[i] + (1 - rho) * g[i] * g[i];
                        double update = g[i] * Math.sqrt(b[i] + eps) / Math.sqrt(a[i] + eps);
                        w[i] -= lr * update;
                        b[i] = rho * b[i] + (1 - rho) * update * update;
                    }
                    case ADAM -> {
                        double b1 = p.get("beta_1");
                        double b2 = p.get("beta_2");
                        a[i] = b1 * a[i] + (1 - b1) * g[i];
                        b[i] = b2 * b[i] + (1 - b2) * g[i] * g[i];
                        double lrT = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
                        w[i] -= lrT * a[i] / (Math.sqrt(b[i]) + p.get("epsilon"));
                    }
                    case SGD -> {
                        double m = p.get("momentum");
                        a[i] = m * a[i] - lr * g[i];
                        w[i] += p.get("nesterov") != 0 ? m * a[i] - lr * g[i] : m == 0 ? -lr * g[i] : a[i];
                    }
                    case RMSPROP -> {
                        double rho = p.get("rho");
                        a[i] = rho * a[i] + (1 - rho) * g[i] * g[i];
                        double step = lr * g[i] / (Math.sqrt(a[i]) + p.get("epsilon"));
                        double m = p.get("momentum");
                        b[i] = m * b[i] + step;
                        w[i] -= m == 0 ? step : b[i];
                    }
                    case ADAGRAD -> {
                        a[i] += g[i] * g[i];
                        w[i] -= lr * g[i] / (Math.sqrt(a[i]) + p.get("epsilon"));
                    }
                }
            }
        }
    }
}
