package dev.aec.runtime.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Reduction;
import org.junit.jupiter.api.Test;

class SampleErrorTest {
    private static final float[] OUTPUT = {0.9f, 0.2f, 0.5f, /* second sample */ 0.1f, 0.1f, 0.1f};
    private static final float[] TARGET = {1f, 0f, 1f, /* second sample */ 0f, 0f, 0f};

    @Test
    void squaredErrorIsTheMeanOverTheSampleOrItsSum() {
        double sum = 0.01 + 0.04 + 0.25;
        assertThat(SampleError.of(Loss.MSE, Reduction.MEAN, OUTPUT, TARGET, 0, 3)).isCloseTo(sum / 3, within(1e-6));
        assertThat(SampleError.of(Loss.MSE, Reduction.SUM, OUTPUT, TARGET, 0, 3)).isCloseTo(sum, within(1e-6));
    }

    @Test
    void absoluteErrorReadsOnlyItsOwnSample() {
        assertThat(SampleError.of(Loss.MAE, Reduction.MEAN, OUTPUT, TARGET, 3, 3)).isCloseTo(0.1, within(1e-6));
    }

    @Test
    void crossEntropyIsKerasesOnClippedProbabilities() {
        double expected = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.5)) / 3;
        assertThat(SampleError.of(Loss.BINARY_CROSSENTROPY, Reduction.MEAN, OUTPUT, TARGET, 0, 3))
                .isCloseTo(expected, within(1e-6));
        float[] certainAndWrong = {0f};
        float[] one = {1f};
        assertThat(SampleError.of(Loss.BINARY_CROSSENTROPY, Reduction.SUM, certainAndWrong, one, 0, 1))
                .isCloseTo(-Math.log(1e-7), within(1e-6));
    }
}
