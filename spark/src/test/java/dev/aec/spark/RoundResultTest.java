package dev.aec.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The average the driver goes on from: weighted by samples, exact for one worker, whatever the merge order. */
class RoundResultTest {
    /** A snapshot of one weight `w` (two values), one optimizer slot `m`, and the optimizer's step count. */
    private static Snapshot snapshot(float w0, float w1, float m, long step) {
        LinkedHashMap<String, Snapshot.Entry> entries = new LinkedHashMap<>();
        entries.put(Snapshot.WEIGHT + "w", new Snapshot.Entry(new long[] {2}, new float[] {w0, w1}, 0, false));
        entries.put(Snapshot.OPTIMIZER + "m", new Snapshot.Entry(new long[] {1}, new float[] {m}, 0, false));
        entries.put(Snapshot.OPTIMIZER + "#step", new Snapshot.Entry(null, null, step, true));
        return new Snapshot(entries);
    }

    private static float[] values(Snapshot s, String key) {
        return s.entries().get(key).values();
    }

    @Test
    void oneWorkersSnapshotComesBackAsItWas() {
        Snapshot only = snapshot(0.1f, -3.3333333f, 1e-7f, 12);

        Snapshot mean = RoundResult.empty().merge(RoundResult.of(0, only, 37, 1.5, 37, true)).mean();

        assertThat(values(mean, Snapshot.WEIGHT + "w")).containsExactly(0.1f, -3.3333333f);
        assertThat(values(mean, Snapshot.OPTIMIZER + "m")).containsExactly(1e-7f);
        assertThat(mean.entries().get(Snapshot.OPTIMIZER + "#step").count()).isEqualTo(12);
    }

    @Test
    void workersAreWeightedByTheSamplesTheyTrainedOn() {
        RoundResult a = RoundResult.of(0, snapshot(1, 10, 2, 4), 30, 3.0, 30, true);
        RoundResult b = RoundResult.of(1, snapshot(4, 40, 8, 4), 10, 2.0, 10, true);

        RoundResult merged = RoundResult.empty().merge(a).merge(b);
        Snapshot mean = merged.mean();

        // (30 * 1 + 10 * 4) / 40 = 1.75; (30 * 10 + 10 * 40) / 40 = 17.5; (30 * 2 + 10 * 8) / 40 = 3.5
        assertThat(values(mean, Snapshot.WEIGHT + "w")).containsExactly(1.75f, 17.5f);
        assertThat(values(mean, Snapshot.OPTIMIZER + "m")).containsExactly(3.5f);
        assertThat(mean.entries().get(Snapshot.OPTIMIZER + "#step").count()).isEqualTo(4);
        assertThat(merged.samples()).isEqualTo(40);
        assertThat(merged.lossSum()).isEqualTo(5.0);
        assertThat(merged.workers()).isEqualTo(2);
    }

    @Test
    void theMergeOrderDoesNotChangeTheAverageBeyondRounding() {
        List<RoundResult> parts = List.of(
                RoundResult.of(0, snapshot(0.1f, 0.2f, 0.3f, 5), 7, 0, 0, true),
                RoundResult.of(1, snapshot(0.7f, -0.2f, 0.9f, 5), 6, 0, 0, true),
                RoundResult.of(2, snapshot(-0.4f, 0.5f, 0.1f, 5), 7, 0, 0, true));
        Snapshot forward = RoundResult.empty().merge(copy(parts.get(0))).merge(copy(parts.get(1)))
                .merge(copy(parts.get(2))).mean();
        Snapshot tree = RoundResult.empty().merge(copy(parts.get(2)))
                .merge(RoundResult.empty().merge(copy(parts.get(1))).merge(copy(parts.get(0)))).mean();

        float[] a = values(forward, Snapshot.WEIGHT + "w");
        float[] b = values(tree, Snapshot.WEIGHT + "w");
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).isCloseTo(a[i], org.assertj.core.data.Offset.offset(1e-7f));
        }
    }

    @Test
    void withoutAveragingTheOptimizerStateIsTheLowestWorkersThatTrained() {
        RoundResult idle = RoundResult.of(0, snapshot(9, 9, 9, 9), 0, 0, 0, false);
        RoundResult second = RoundResult.of(1, snapshot(1, 1, 5, 3), 10, 0, 0, false);
        RoundResult third = RoundResult.of(2, snapshot(3, 3, 7, 3), 10, 0, 0, false);

        Snapshot mean = RoundResult.empty().merge(third).merge(idle).merge(second).mean();

        assertThat(values(mean, Snapshot.WEIGHT + "w")).containsExactly(2f, 2f);
        assertThat(values(mean, Snapshot.OPTIMIZER + "m")).containsExactly(5f);
    }

    @Test
    void theFirstDivergenceByWorkerIsTheOneReported() {
        RoundResult merged = RoundResult.empty()
                .merge(RoundResult.diverged(2, "a gradient is not finite on worker 3", 7))
                .merge(RoundResult.of(0, snapshot(1, 1, 1, 1), 5, 0, 0, true))
                .merge(RoundResult.diverged(1, "the training loss is not finite (NaN) on worker 2", 4));

        assertThat(merged.divergence()).contains("the training loss is not finite (NaN) on worker 2");
        assertThat(merged.divergedBatch()).isEqualTo(4);
    }

    /** A result as another JVM would receive it: serialised and read back. */
    private static RoundResult copy(RoundResult result) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(result);
            }
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                    new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                return (RoundResult) in.readObject();
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
