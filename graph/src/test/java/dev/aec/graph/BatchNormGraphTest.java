package dev.aec.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Batch normalisation: batch statistics while training, moving ones at inference, moving ones no optimizer's. */
class BatchNormGraphTest {
    /** Two samples of 1x2 pixels with 2 channels: per channel, four values. */
    private static final INDArray X = Nd4j.createFromArray(new double[][][][] {
            {{{1, 10}, {2, 20}}}, {{{3, 30}, {6, 60}}}});

    private static ModelGraph graph() {
        ModelGraph g = ModelGraph.create(1, DataType.DOUBLE);
        SDVariable out = g.output(g.batchNorm("norm", g.input(1, 2, 2), 2, 0.9, 1e-3));
        g.loss(Loss.MSE, Reduction.MEAN, g.target(1, 2, 2), out);
        return g;
    }

    private static INDArray output(SameDiff sd) {
        return sd.output(Map.of(ModelGraph.INPUT, X), ModelGraph.OUTPUT).get(ModelGraph.OUTPUT);
    }

    @Test
    void gammaAndBetaAreTheParametersAndTheMovingStatisticsAreConstants() {
        ModelGraph g = graph();
        assertThat(g.paramNames()).containsExactly("norm/gamma", "norm/beta");
        assertThat(g.nonTrainableNames()).containsExactly("norm/moving_mean", "norm/moving_variance");
        SameDiff sd = g.sameDiff();
        assertThat(sd.getVariable("norm/gamma").getArr()).isEqualTo(Nd4j.ones(DataType.DOUBLE, 2));
        assertThat(sd.getVariable("norm/moving_variance").getArr()).isEqualTo(Nd4j.ones(DataType.DOUBLE, 2));
        assertThat(sd.getVariable("norm/moving_mean").getVariableType()).isEqualTo(VariableType.CONSTANT);
        assertThat(sd.getVariable("norm/moving_variance").getVariableType()).isEqualTo(VariableType.CONSTANT);
    }

    @Test
    void atInferenceItNormalisesByTheMovingStatistics() {
        SameDiff sd = graph().sameDiff();
        // Moving mean 0 and variance 1 as built: x / sqrt(1 + epsilon).
        assertThat(output(sd)).isEqualTo(X.div(Math.sqrt(1 + 1e-3)));
    }

    @Test
    void whileTrainingItNormalisesByTheBatchMeanAndBiasedVariancePerChannel() {
        SameDiff sd = graph().sameDiff();
        ModelGraph.setTraining(sd, true);
        INDArray y = output(sd);
        // Channel 0 holds 1, 2, 3, 6: mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5.
        double inverse = 1 / Math.sqrt(3.5 + 1e-3);
        assertThat(y.getDouble(0, 0, 0, 0)).isCloseTo((1 - 3) * inverse, within(1e-12));
        assertThat(y.getDouble(1, 0, 1, 0)).isCloseTo((6 - 3) * inverse, within(1e-12));
        // Channel 1 is channel 0 times 10: the same normalised values but for epsilon.
        assertThat(y.getDouble(1, 0, 1, 1)).isCloseTo(30 / Math.sqrt(350 + 1e-3), within(1e-12));
        Map<String, INDArray> stats = sd.output(Map.of(ModelGraph.INPUT, X), "norm" + ModelGraph.BATCH_MEAN,
                "norm" + ModelGraph.BATCH_VARIANCE);
        assertThat(stats.get("norm" + ModelGraph.BATCH_MEAN)).isEqualTo(Nd4j.createFromArray(3.0, 30.0));
        assertThat(stats.get("norm" + ModelGraph.BATCH_VARIANCE)).isEqualTo(Nd4j.createFromArray(3.5, 350.0));
    }

    @Test
    void theMovingStatisticsMoveByOneMinusTheMomentumAndInferenceReadsThem() {
        SameDiff sd = graph().sameDiff();
        ModelGraph.updateMovingStatistics(sd, "norm", Nd4j.createFromArray(3.0, 30.0), Nd4j.createFromArray(3.5, 350.0),
                4.0 / 3);
        INDArray mean = sd.getVariable("norm" + ModelGraph.MOVING_MEAN).getArr();
        INDArray variance = sd.getVariable("norm" + ModelGraph.MOVING_VARIANCE).getArr();
        assertThat(mean.getDouble(0)).isCloseTo(0.1 * 3, within(1e-12));
        assertThat(variance.getDouble(1)).isCloseTo(0.9 + 0.1 * 350 * 4 / 3, within(1e-9));
        INDArray y = output(sd);
        assertThat(y.getDouble(1, 0, 1, 1)).isCloseTo((60 - 3.0) / Math.sqrt(variance.getDouble(1) + 1e-3),
                within(1e-9));
    }

    @Test
    void whileTrainingGammaAndBetaHaveTheBatchNormalisedGradients() {
        ModelGraph g = graph();
        SameDiff sd = g.sameDiff();
        ModelGraph.setTraining(sd, true);
        Map<String, INDArray> grads = sd.calculateGradients(Map.of(ModelGraph.INPUT, X, ModelGraph.TARGET,
                Nd4j.zeros(DataType.DOUBLE, 2, 1, 2, 2)), List.of("norm/gamma", "norm/beta"));
        // The loss is the mean of the squared normalised values: beta's gradient is 2 * mean(y) per channel, 0.
        assertThat(grads.get("norm/beta").getDouble(0)).isCloseTo(0, within(1e-12));
        // gamma's: 2/8 sum(xhat^2) per channel, and sum(xhat^2) = 4 var / (var + eps).
        assertThat(grads.get("norm/gamma").getDouble(0)).isCloseTo(2.0 / 8 * 4 * 3.5 / (3.5 + 1e-3), within(1e-9));
    }
}
