package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RocAucTest {
    @Test
    void perfectSeparationIsOneAndReversedIsZero() {
        boolean[] positive = {false, false, true, true};
        assertThat(RocAuc.of(new double[] {0.1, 0.2, 0.8, 0.9}, positive)).isEqualTo(1.0);
        assertThat(RocAuc.of(new double[] {0.9, 0.8, 0.2, 0.1}, positive)).isEqualTo(0.0);
    }

    /** scikit-learn's documented example: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75. */
    @Test
    void agreesWithScikitLearnsExample() {
        assertThat(RocAuc.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}))
                .isCloseTo(0.75, within(1e-12));
    }

    @Test
    void tiesCountHalf() {
        assertThat(RocAuc.of(new double[] {0.5, 0.5}, new boolean[] {false, true})).isEqualTo(0.5);
    }
}
