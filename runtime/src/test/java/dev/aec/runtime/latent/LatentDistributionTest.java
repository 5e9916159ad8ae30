package dev.aec.runtime.latent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LatentDistributionTest {
    @Test
    void sameSeedGivesIdenticalLatentsAndAnotherSeedOthers() {
        var prior = new LatentDistribution.StandardNormal(8);
        assertThat(prior.sample(16, 5)).isEqualTo(prior.sample(16, 5));
        assertThat(prior.sample(16, 5)).isNotEqualTo(prior.sample(16, 6));
    }

    @Test
    void fittedNormalHasEachDimensionsMeanAndStandardDeviation() {
        // Column 0: 1, 3 (mean 2, std 1); column 1: 10, 10 (std 0).
        INDArray z = Nd4j.createFromArray(new float[][] {{1, 10}, {3, 10}});
        var fitted = LatentDistribution.FittedNormal.fit(z);
        assertThat(fitted.mean(0)).isEqualTo(2.0);
        assertThat(fitted.std(0)).isEqualTo(1.0);
        assertThat(fitted.mean(1)).isEqualTo(10.0);
        assertThat(fitted.std(1)).isEqualTo(0.0);
        INDArray samples = fitted.sample(20_000, 1);
        assertThat(samples.getColumn(0).meanNumber().doubleValue()).isCloseTo(2.0, within(0.05));
        assertThat(samples.getColumn(0).stdNumber().doubleValue()).isCloseTo(1.0, within(0.05));
        assertThat(samples.getColumn(1).minNumber().doubleValue()).isEqualTo(10.0);
        assertThat(fitted.describe()).contains("diagonal covariance").contains("2 training images");
    }

    @Test
    void principalPlaneFindsTheDirectionOfLargestSpread() {
        // A balanced grid: spread 3x along (1, 1, 0)/sqrt(2) as along (1, -1, 0)/sqrt(2), none along the
        // third axis, and no sample correlation between the two, so the components are exact.
        double[] as = {-3, -1, 1, 3};
        double[] bs = {-0.5, 0.5};
        float[][] rows = new float[as.length * bs.length][3];
        int i = 0;
        for (double a : as) {
            for (double b : bs) {
                rows[i++] = new float[] {(float) (a + b + 1), (float) (a - b - 1), 4};
            }
        }
        LatentPlane plane = LatentPlane.principal(Nd4j.createFromArray(rows));
        double s = Math.sqrt(0.5);
        assertThat(plane.u()).containsExactly(new double[] {s, s, 0}, within(1e-6));
        assertThat(Math.abs(plane.v()[0])).isCloseTo(s, within(1e-6));
        assertThat(plane.v()[0]).isCloseTo(-plane.v()[1], within(1e-6));
        // Variances along the components: mean(a^2) * 2 = 10 and mean(b^2) * 2 = 0.5.
        assertThat(plane.spreadU()).isCloseTo(Math.sqrt(10), within(1e-6));
        assertThat(plane.spreadV()).isCloseTo(Math.sqrt(0.5), within(1e-6));
        assertThat(plane.nameU()).isEqualTo("PC1 (95% of the variance)");
        double[][] projected = plane.project(plane.lift(new double[] {2}, new double[] {-1}));
        assertThat(projected[0]).containsExactly(new double[] {2, -1}, within(1e-5));
    }

    @Test
    void priorGridOfATwoDimensionalVaeSpansMinusTwoToTwo() {
        LatentPlane plane = LatentPlane.priorAxes();
        assertThat(plane.gridU(5)).containsExactly(-2, -1, 0, 1, 2);
        assertThat(plane.gridV(5)).containsExactly(2, 1, 0, -1, -2);
    }
}
