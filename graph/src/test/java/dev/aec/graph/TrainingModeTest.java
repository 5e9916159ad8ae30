package dev.aec.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Dropout and gaussian noise read the training flag: the identity as built, their draws while training. */
class TrainingModeTest {
    private static SameDiff graph(boolean dropout, double amount) {
        ModelGraph g = ModelGraph.create(1, DataType.DOUBLE);
        SDVariable x = g.input(4);
        SDVariable y = dropout ? g.dropout("noisy", x, amount) : g.gaussianNoise("noisy", x, amount);
        SDVariable out = g.output(g.dense("dense", y, 4, 3, Activation.linear()));
        g.loss(Loss.MSE, Reduction.MEAN, g.target(3), out);
        return g.sameDiff();
    }

    private static INDArray noisy(SameDiff sd, INDArray x) {
        return sd.output(Map.of(ModelGraph.INPUT, x), "noisy").get("noisy");
    }

    @Test
    void aGraphWithoutModeDependentLayersHasNoFlag() {
        ModelGraph g = ModelGraph.create(1);
        g.output(g.dense("dense", g.input(2), 2, 2, Activation.linear()));
        assertThat(ModelGraph.hasTrainingMode(g.sameDiff())).isFalse();
    }

    @Test
    void dropoutIsTheIdentityAtInferenceAndDropsTheValuesWhoseDrawIsBelowTheRate() {
        SameDiff sd = graph(true, 0.25);
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2, 3, 4}, {5, 6, 7, 8}});
        assertThat(ModelGraph.hasTrainingMode(sd)).isTrue();
        assertThat(noisy(sd, x)).isEqualTo(x);

        ModelGraph.setDraws(sd, "noisy", Nd4j.createFromArray(new double[][] {{0.1, 0.25, 0.9, 0.3}, {0.0, 0.5, 0.24, 1 - 1e-9}}));
        assertThat(noisy(sd, x)).as("draws are read only while training").isEqualTo(x);
        ModelGraph.setTraining(sd, true);
        double k = 1 / 0.75;
        assertThat(noisy(sd, x)).isEqualTo(Nd4j.createFromArray(new double[][] {{0, 2 * k, 3 * k, 4 * k}, {0, 6 * k, 0, 8 * k}}));
        ModelGraph.setTraining(sd, false);
        ModelGraph.clearDraws(sd, "noisy");
        assertThat(noisy(sd, Nd4j.ones(DataType.DOUBLE, 3, 4))).as("any batch after").isEqualTo(Nd4j.ones(DataType.DOUBLE, 3, 4));
    }

    @Test
    void gaussianNoiseIsTheIdentityAtInferenceAndAddsItsDeviationTimesTheDrawsWhileTraining() {
        SameDiff sd = graph(false, 0.5);
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2, 3, 4}});
        INDArray e = Nd4j.createFromArray(new double[][] {{0.5, -1, 2, 0}});
        ModelGraph.setDraws(sd, "noisy", e);
        assertThat(noisy(sd, x)).isEqualTo(x);
        ModelGraph.setTraining(sd, true);
        assertThat(noisy(sd, x)).isEqualTo(x.add(e.mul(0.5)));
    }
}
