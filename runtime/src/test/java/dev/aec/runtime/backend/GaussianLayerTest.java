package dev.aec.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Reduction;
import dev.aec.compiler.source.SourceFile;
import dev.aec.runtime.train.Modes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The lowered gaussian layer on fixed weights, inputs and noise, against its definition computed
 * by hand in doubles: the sample, the mean at inference, the KL term and how the loss adds up.
 */
class GaussianLayerTest {
    private static final String MODEL = """
            model M : 3 -> 3 {
              gaussian(2, beta: 0.25)
              dense(3, activation: sigmoid)
            }
            """;
    private static final double[][] X = {{0.2, -1.0, 0.5}, {1.5, 0.3, -0.7}};
    private static final double[][] MEAN_KERNEL = {{0.4, -0.3}, {0.1, 0.8}, {-0.6, 0.2}};
    private static final double[] MEAN_BIAS = {0.05, -0.1};
    private static final double[][] LOG_VAR_KERNEL = {{-0.5, 0.3}, {0.7, -0.2}, {0.1, 0.9}};
    private static final double[] LOG_VAR_BIAS = {0.2, -0.3};
    private static final double[][] EPS = {{0.3, -1.2}, {-0.8, 0.5}};

    @Test
    void klTermIsTheClosedFormAveragedOverTheBatch() {
        CompiledModel model = model(Reduction.SUM);
        Map<String, INDArray> out = run(model, EPS, List.of(CompiledModel.KL));
        double kl = 0;
        for (int n = 0; n < X.length; n++) {
            for (int j = 0; j < 2; j++) {
                double m = affine(X[n], MEAN_KERNEL, MEAN_BIAS, j);
                double lv = affine(X[n], LOG_VAR_KERNEL, LOG_VAR_BIAS, j);
                kl += -0.5 * (1 + lv - m * m - Math.exp(lv));
            }
        }
        kl /= X.length;
        assertThat(kl).isGreaterThan(0.1);
        assertThat(out.get(CompiledModel.KL).getDouble(0)).isCloseTo(kl, Offset.offset(1e-12));
        INDArray mean = out(model, EPS, "gaussian_0/mean");
        INDArray logVar = out(model, EPS, "gaussian_0/log_var");
        assertThat(LossValue.kl(mean, logVar)).isCloseTo(kl, Offset.offset(1e-12));
    }

    @Test
    void sampleIsMeanPlusStandardDeviationTimesNoiseAndTheMeanWithoutNoise() {
        CompiledModel model = model(Reduction.SUM);
        INDArray sampled = Modes.training(model, 0, 2, () -> out(model, EPS, "gaussian_0"));
        INDArray inferred = out(model, new double[2][2], "gaussian_0");
        // Zero noise gives the mean exactly, bit for bit.
        assertThat(inferred).isEqualTo(out(model, new double[2][2], "gaussian_0/mean"));
        for (int n = 0; n < X.length; n++) {
            for (int j = 0; j < 2; j++) {
                double m = affine(X[n], MEAN_KERNEL, MEAN_BIAS, j);
                double lv = affine(X[n], LOG_VAR_KERNEL, LOG_VAR_BIAS, j);
                assertThat(sampled.getDouble(n, j)).isCloseTo(m + Math.exp(lv / 2) * EPS[n][j], Offset.offset(1e-12));
                assertThat(inferred.getDouble(n, j)).isCloseTo(m, Offset.offset(1e-12));
            }
        }
    }

    /** As dropout: the training flag, 0 unless a training step sets it, decides; the noise fed does not. */
    @Test
    void inferenceGivesTheMeanWhateverNoiseIsFed() {
        CompiledModel model = model(Reduction.SUM);
        INDArray inferred = out(model, EPS, "gaussian_0");
        assertThat(inferred).isEqualTo(out(model, new double[2][2], "gaussian_0/mean"));
        assertThat(Modes.training(model, 0, 2, () -> out(model, EPS, "gaussian_0"))).isNotEqualTo(inferred);
        assertThat(out(model, EPS, "gaussian_0")).isEqualTo(inferred);
    }

    @Test
    void lossIsTheSummedReconstructionPlusBetaTimesKl() {
        CompiledModel sum = model(Reduction.SUM);
        CompiledModel mean = model(Reduction.MEAN);
        List<String> names = List.of(CompiledModel.LOSS, CompiledModel.RECONSTRUCTION, CompiledModel.KL);
        Map<String, INDArray> s = run(sum, EPS, names);
        Map<String, INDArray> m = run(mean, EPS, names);
        double reconstruction = s.get(CompiledModel.RECONSTRUCTION).getDouble(0);
        // Three outputs per sample: the per-sample sum is three times the per-element mean.
        assertThat(reconstruction).isCloseTo(3 * m.get(CompiledModel.RECONSTRUCTION).getDouble(0),
                Offset.offset(1e-12));
        assertThat(s.get(CompiledModel.LOSS).getDouble(0))
                .isCloseTo(reconstruction + 0.25 * s.get(CompiledModel.KL).getDouble(0), Offset.offset(1e-12));
        assertThat(sum.lossScale()).isEqualTo(3);
        assertThat(sum.latent().orElseThrow().beta()).isEqualTo(0.25);
    }

    private static double affine(double[] x, double[][] kernel, double[] bias, int j) {
        double v = bias[j];
        for (int i = 0; i < x.length; i++) {
            v += x[i] * kernel[i][j];
        }
        return v;
    }

    private static CompiledModel model(Reduction reduction) {
        Compiler.Result result = Compiler.compile(new SourceFile("g.aemodel", MODEL), Path.of("."));
        CompiledModel model = SameDiffLowering.lower(Lowerer.lower(result.program().orElseThrow(), "M"),
                Loss.BINARY_CROSSENTROPY, reduction, 5, DataType.DOUBLE);
        SameDiff sd = model.sameDiff();
        sd.getVariable("gaussian_0/mean_kernel").getArr().assign(Nd4j.create(MEAN_KERNEL));
        sd.getVariable("gaussian_0/mean_bias").getArr().assign(Nd4j.create(MEAN_BIAS));
        sd.getVariable("gaussian_0/log_var_kernel").getArr().assign(Nd4j.create(LOG_VAR_KERNEL));
        sd.getVariable("gaussian_0/log_var_bias").getArr().assign(Nd4j.create(LOG_VAR_BIAS));
        return model;
    }

    private static INDArray out(CompiledModel model, double[][] eps, String name) {
        return run(model, eps, List.of(name)).get(name);
    }

    private static Map<String, INDArray> run(CompiledModel model, double[][] eps, List<String> names) {
        Map<String, INDArray> feed = new HashMap<>();
        INDArray x = Nd4j.create(X);
        feed.put(CompiledModel.INPUT, x);
        feed.put(CompiledModel.TARGET, Nd4j.create(new double[][] {{0.1, 0.9, 0.5}, {1, 0, 0.3}}));
        feed.put(CompiledModel.NOISE, Nd4j.create(eps));
        return model.sameDiff().output(feed, names);
    }
}
