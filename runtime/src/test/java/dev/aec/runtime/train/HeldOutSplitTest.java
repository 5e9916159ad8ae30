package dev.aec.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.runtime.data.DataException;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeldOutSplitTest {
    @Test
    void theSameCountShareAndSeedGiveTheSameSplit() throws DataException {
        assertThat(HeldOutSplit.of(1000, 0.1, 7)).isEqualTo(HeldOutSplit.of(1000, 0.1, 7));
        assertThat(HeldOutSplit.of(1000, 0.1, 8)).isNotEqualTo(HeldOutSplit.of(1000, 0.1, 7));
    }

    /**
     * Written down once, and computed again outside Java from the published algorithm: a JDK or a
     * refactoring that changed the split would change every run's data.
     */
    @Test
    void theSplitIsFixedForever() throws DataException {
        HeldOutSplit split = HeldOutSplit.of(10, 0.3, 42);
        assertThat(split.held()).containsExactly(GOLDEN_HELD);
        assertThat(split.train()).containsExactly(GOLDEN_TRAIN);
    }

    private static final int[] GOLDEN_HELD = {0, 5, 9};
    private static final int[] GOLDEN_TRAIN = {1, 2, 3, 4, 6, 7, 8};

    @ParameterizedTest
    @CsvSource({"1000, 0.1, 100", "10, 0.25, 3", "7, 0.01, 1", "2, 0.5, 1", "3, 0.8, 2"})
    void theHeldOutShareIsRoundedAndTheTwoPartsCoverEverySampleOnce(int count, double share, int held)
            throws DataException {
        HeldOutSplit split = HeldOutSplit.of(count, share, 3);
        assertThat(split.held()).hasSize(held).isSorted();
        assertThat(split.train()).hasSize(count - held).isSorted();
        int[] all = IntStream.concat(Arrays.stream(split.held()), Arrays.stream(split.train())).sorted().toArray();
        assertThat(all).containsExactly(IntStream.range(0, count).toArray());
    }

    @ParameterizedTest
    @CsvSource({"1, 0.1", "2, 0.9", "0, 0.5"})
    void aSourceTooSmallToHoldOutOneAndTrainOnOneIsRefused(int count, double share) {
        assertThatThrownBy(() -> HeldOutSplit.of(count, share, 3)).isInstanceOf(DataException.class)
                .hasMessageContaining("too few");
    }

    @Test
    void aShareOutsideZeroToOneIsABug() {
        assertThatThrownBy(() -> HeldOutSplit.of(10, 1.0, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theGeneratorIsSplitMix64() {
        // The first output of SplitMix64 seeded with 0, as published with the algorithm.
        assertThat(new HeldOutSplit.SplitMix64(0).nextLong()).isEqualTo(0xe220a8397b1dcdafL);
        assertThat(new HeldOutSplit.SplitMix64(1234567).nextLong())
                .isEqualTo(new java.util.SplittableRandom(1234567).nextLong());
    }
}
