package dev.aec.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.model.Noise;
import dev.aec.runtime.backend.Nd4jEnvironment;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Input noise: its statistics, clipping, and that it is a pure function of the seed and the row. */
class InputNoiseTest {
    private static final InputNoise GAUSSIAN = InputNoise.of(Optional.of(new Noise.Gaussian(0.5, null)));
    private static final InputNoise SALT_AND_PEPPER = InputNoise.of(Optional.of(new Noise.SaltAndPepper(0.1, null)));

    @BeforeAll
    static void nd4j() {
        Nd4jEnvironment.init();
    }

    @Test
    void gaussianNoiseHasTheStandardDeviationBeforeClippingAndStaysInTheUnitInterval() {
        INDArray clean = Nd4j.valueArrayOf(new long[] {50, 28, 28, 1}, 0.5f, DataType.FLOAT);
        INDArray noisy = GAUSSIAN.apply(clean, 1);
        assertThat(noisy.shape()).containsExactly(clean.shape());
        assertThat(noisy.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(noisy.minNumber().doubleValue()).isEqualTo(0.0);
        assertThat(noisy.maxNumber().doubleValue()).isEqualTo(1.0);
        // At 0.5 +- 0.5 * N(0, 1) clipped to [0, 1]: the mean stays 0.5, and 31.7% of pixels are clipped.
        assertThat(noisy.meanNumber().doubleValue()).isCloseTo(0.5, Offset.offset(0.005));
        double clipped = noisy.eq(0.0).castTo(DataType.INT).sumNumber().doubleValue()
                + noisy.eq(1.0).castTo(DataType.INT).sumNumber().doubleValue();
        assertThat(clipped / noisy.length()).isCloseTo(0.3173, Offset.offset(0.01));
        assertThat(clean.meanNumber().doubleValue()).as("the clean batch is untouched").isEqualTo(0.5);
    }

    @Test
    void saltAndPepperSetsTheRateOfPixelsToZeroOrOneInEqualShares() {
        INDArray clean = Nd4j.valueArrayOf(new long[] {100, 784}, 0.5f, DataType.FLOAT);
        INDArray noisy = SALT_AND_PEPPER.apply(clean, 2);
        double salt = noisy.eq(1.0).castTo(DataType.INT).sumNumber().doubleValue() / noisy.length();
        double pepper = noisy.eq(0.0).castTo(DataType.INT).sumNumber().doubleValue() / noisy.length();
        assertThat(salt + pepper).isCloseTo(0.1, Offset.offset(0.005));
        assertThat(salt).isCloseTo(0.05, Offset.offset(0.004));
        assertThat(noisy.eq(0.5).castTo(DataType.INT).sumNumber().doubleValue() / noisy.length())
                .isCloseTo(0.9, Offset.offset(0.005));
    }

    @Test
    void sameSeedGivesTheSameNoiseAndAnotherSeedOther() {
        INDArray clean = Nd4j.rand(DataType.FLOAT, 8, 784);
        assertThat(GAUSSIAN.apply(clean, 7)).isEqualTo(GAUSSIAN.apply(clean, 7));
        assertThat(GAUSSIAN.apply(clean, 7)).isNotEqualTo(GAUSSIAN.apply(clean, 8));
        assertThat(InputNoise.trainingSeed(42, 0, 1)).isNotEqualTo(InputNoise.trainingSeed(42, 1, 0))
                .isNotEqualTo(InputNoise.trainingSeed(43, 0, 1));
    }

    @Test
    void evaluationNoiseOfASampleDoesNotDependOnTheBatchItIsIn() {
        INDArray clean = Nd4j.rand(DataType.FLOAT, 10, 784);
        INDArray whole = GAUSSIAN.forEvaluation(clean, 0);
        INDArray tail = GAUSSIAN.forEvaluation(clean.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(6, 10),
                org.nd4j.linalg.indexing.NDArrayIndex.all()), 6);
        for (int i = 0; i < 4; i++) {
            assertThat(tail.getRow(i)).isEqualTo(whole.getRow(6 + i));
        }
        assertThat(whole.getRow(0)).isNotEqualTo(whole.getRow(1));
    }

    @Test
    void noNoiseReturnsTheCleanBatchItself() {
        INDArray clean = Nd4j.rand(DataType.FLOAT, 3, 784);
        assertThat(InputNoise.none().apply(clean, 1)).isSameAs(clean);
        assertThat(InputNoise.of(Optional.empty()).isNone()).isTrue();
    }
}
