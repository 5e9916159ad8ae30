package dev.aec.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.rows.MemoryRows;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class ScalingTest {
    /** Sample 2 is never in the training indices: its extreme values must not move the fit. */
    private static final MemoryRows ROWS = MemoryRows.of(new float[] {
        1, 5, 7,
        3, -1, 7,
        100, 100, 100,
        2, 2, 7,
    }, 4, 3);
    private static final int[] TRAIN = {3, 0, 1};
    private static final Offset<Float> CLOSE = Offset.offset(1e-6f);

    @Test
    void minmaxMapsEachElementsTrainingRangeToZeroToOne() {
        Scaling s = Scaling.fit(Scaling.Kind.MINMAX, ROWS, TRAIN);
        assertThat(s.kind()).isEqualTo(Scaling.Kind.MINMAX);
        assertThat(s.scale()).containsExactly(new float[] {0.5f, 1 / 6f, 1}, CLOSE);
        assertThat(s.shift()).containsExactly(new float[] {-0.5f, 1 / 6f, -7}, CLOSE);
    }

    @Test
    void standardMapsEachElementToMeanZeroAndPopulationDeviationOne() {
        Scaling s = Scaling.fit(Scaling.Kind.STANDARD, ROWS, TRAIN);
        // Element 0: 1, 3, 2 (mean 2, variance 2/3); element 1: 5, -1, 2 (mean 2, variance 6).
        float s0 = (float) (1 / Math.sqrt(2.0 / 3));
        float s1 = (float) (1 / Math.sqrt(6));
        assertThat(s.scale()).containsExactly(new float[] {s0, s1, 1}, CLOSE);
        assertThat(s.shift()).containsExactly(new float[] {-2 * s0, -2 * s1, -7}, CLOSE);
    }

    @ParameterizedTest
    @CsvSource({"MINMAX", "STANDARD"})
    void anElementConstantOverTheTrainingSamplesIsShiftedToZeroAndNotStretched(Scaling.Kind kind) {
        Scaling s = Scaling.fit(kind, ROWS, TRAIN);
        assertThat(s.scale()[2]).isEqualTo(1f);
        assertThat(s.shift()[2]).isEqualTo(-7f);
    }

    @Test
    void everyBatchOfScaledExamplesIsScaledAndTheRowsAreNot() {
        Scaling s = Scaling.fit(Scaling.Kind.MINMAX, ROWS, TRAIN);
        Examples examples = new Examples("t", ROWS, Shape.of(3), Optional.empty()).withScaling(s);
        INDArray batch = examples.batch(new int[] {2, 0});
        assertThat(batch.data().asFloat()).containsExactly(new float[] {49.5f, 101 / 6f, 93, 0, 1, 0}, CLOSE);
        assertThat(ROWS.array().getFloat(2, 0)).isEqualTo(100f);
        assertThat(examples.subset(new int[] {1}).range(0, 1).data().asFloat())
                .containsExactly(new float[] {1, 0, 0}, CLOSE);
    }

    /** Parts fitted apart and merged, as a cluster's executors fit their shares, give the fit of all the samples. */
    @ParameterizedTest
    @CsvSource({"MINMAX", "STANDARD"})
    void partsFittedApartAndMergedFitAsAllTheSamplesDo(Scaling.Kind kind) {
        java.util.Random random = new java.util.Random(3);
        int width = 5;
        float[][] rows = new float[1000][width];
        for (float[] row : rows) {
            for (int j = 0; j < width; j++) {
                row[j] = (float) (random.nextGaussian() * (j + 1) + 10 * j);
            }
        }
        Scaling.Accumulator whole = new Scaling.Accumulator(kind, width);
        Scaling.Accumulator[] parts = {new Scaling.Accumulator(kind, width), new Scaling.Accumulator(kind, width),
                new Scaling.Accumulator(kind, width)};
        for (int i = 0; i < rows.length; i++) {
            whole.add(i, rows[i]);
            // Uneven parts, one of them empty until the merge.
            parts[i < 100 ? 0 : 1].add(i, rows[i]);
        }
        Scaling merged = parts[2].merge(parts[0]).merge(parts[1]).scaling();
        Scaling fitted = whole.scaling();

        assertThat(parts[2].count()).isEqualTo(1000);
        for (int j = 0; j < width; j++) {
            assertThat(merged.scale()[j]).isCloseTo(fitted.scale()[j], org.assertj.core.data.Percentage.withPercentage(1e-4));
            assertThat(merged.shift()[j]).isCloseTo(fitted.shift()[j], org.assertj.core.data.Percentage.withPercentage(1e-4));
        }
        if (kind == Scaling.Kind.MINMAX) {
            assertThat(merged).as("a minimum and a maximum merge exactly").isEqualTo(fitted);
        }
        assertThat(fitted.scale()[4]).as("the fit is not the identity").isLessThan(0.5f);
    }

    @Test
    void aRowIsScaledAsABatchIs() {
        Scaling s = Scaling.fit(Scaling.Kind.STANDARD, ROWS, TRAIN);
        float[] row = {100, 7, 3};
        INDArray batch = org.nd4j.linalg.factory.Nd4j.create(row.clone(), new long[] {1, 3}, 'c');
        s.applyInPlace(row);
        s.applyInPlace(batch);
        assertThat(row).containsExactly(batch.data().asFloat());
    }

    @Test
    void noScalingHandsTheRowsOutAsTheyAre() {
        assertThat(Scaling.fit(Scaling.Kind.NONE, ROWS, TRAIN)).isSameAs(Scaling.none());
        Examples examples = new Examples("t", ROWS, Shape.of(3), Optional.empty());
        assertThat(examples.scaling().isNone()).isTrue();
        assertThat(examples.batch(new int[] {1}).data().asFloat()).containsExactly(3, -1, 7);
    }

    @Test
    void aSavedScalingReadsBackEqual() {
        Scaling s = Scaling.fit(Scaling.Kind.STANDARD, ROWS, TRAIN);
        Scaling read = new Scaling(Scaling.Kind.parse(s.kind().keyword()).orElseThrow(), s.scale(), s.shift());
        assertThat(read).isEqualTo(s).hasSameHashCodeAs(s);
    }

    @Test
    void theSourcesScaleSaysWhatIsFitted() {
        assertThat(Scaling.Kind.of(DataSource.Scale.PIXELS)).isEqualTo(Scaling.Kind.NONE);
        assertThat(Scaling.Kind.of(DataSource.Scale.NONE)).isEqualTo(Scaling.Kind.NONE);
        assertThat(Scaling.Kind.of(DataSource.Scale.MINMAX)).isEqualTo(Scaling.Kind.MINMAX);
        assertThat(Scaling.Kind.of(DataSource.Scale.STANDARD)).isEqualTo(Scaling.Kind.STANDARD);
    }

    @Test
    void aValueThatIsNotFiniteCannotBeFitted() {
        MemoryRows rows = MemoryRows.of(new float[] {1, Float.NaN}, 2, 1);
        assertThatThrownBy(() -> Scaling.fit(Scaling.Kind.MINMAX, rows, new int[] {0, 1}))
                .hasMessageContaining("sample 1");
        assertThatThrownBy(() -> Scaling.fit(Scaling.Kind.STANDARD, rows, new int[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aScalingOfAnotherWidthIsRefused() {
        Scaling s = Scaling.fit(Scaling.Kind.MINMAX, ROWS, TRAIN);
        Examples wider = new Examples("t", MemoryRows.of(new float[8], 2, 4), Shape.of(4), Optional.empty());
        assertThatThrownBy(() -> wider.withScaling(s)).isInstanceOf(IllegalArgumentException.class);
    }
}
