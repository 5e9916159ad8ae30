package dev.aec.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterEstimateTest {
    @ParameterizedTest(name = "{0} nodes: {1} copy times")
    @CsvSource({"1, 1", "2, 2", "3, 2", "7, 3", "16, 5"})
    void theBroadcastDoublesItsHoldersWithEachCopy(int nodes, int copies) {
        assertThat(ClusterEstimate.broadcastCopies(nodes)).isEqualTo(copies);
    }

    @ParameterizedTest(name = "{0} partitions at depth {1}: {2} snapshots in a row")
    @CsvSource({
        // Spark sends a few partitions straight to the driver.
        "1, 2, 1", "2, 2, 2", "4, 2, 4",
        // 6 at depth 2: scale 3, two aggregators of three, then two.
        "6, 2, 5",
        // 16 at depth 2: scale 4, four aggregators of four, then four to the driver.
        "16, 2, 8",
        // 64 at depth 2: scale 8, eight of eight, then eight.
        "64, 2, 16",
        // 16 at depth 4: scale 2, 16 -> 8 -> 4, each of two, then four.
        "16, 4, 8"})
    void theTreeAggregationFollowsSparksFanIn(int nodes, int depth, int copies) {
        assertThat(ClusterEstimate.aggregationCopies(nodes, depth)).isEqualTo(copies);
    }

    @Test
    void aRoundIsItsComputeItsOverheadAndItsSnapshotsOnTheNetwork() {
        // 30,000 samples/s on one node; a 4 MB snapshot; 10 Gb/s; 20 ms of Spark per round.
        ClusterEstimate estimate = new ClusterEstimate(1 / 30_000.0, 4_000_000, 100, 0.020, 1.25e9, 2);
        // 16 nodes: 5 copy times down, 8 up, 3.2 ms each.
        assertThat(estimate.networkSeconds(16)).isCloseTo(13 * 0.0032, within(1e-12));
        // Ten steps of 6.25 samples each: 2.083 ms of compute.
        double round = 10 * 6.25 / 30_000 + 0.020 + 13 * 0.0032;
        assertThat(estimate.roundSeconds(16, 10)).isCloseTo(round, within(1e-12));
        assertThat(estimate.samplesPerSecond(16, 10)).isCloseTo(1000 / round, within(1e-9));
    }

    @Test
    void oneNodeWithoutOverheadOrNetworkIsTheLocalSpeed() {
        ClusterEstimate estimate = new ClusterEstimate(1 / 30_000.0, 1, 100, 0, 1e30, 2);
        assertThat(estimate.samplesPerSecond(1, 10)).isCloseTo(30_000, within(1e-6));
    }

    @Test
    void figuresMustBePositive() {
        assertThatThrownBy(() -> new ClusterEstimate(0, 1, 100, 0, 1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClusterEstimate(1, 1, 100, 0, 0, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
