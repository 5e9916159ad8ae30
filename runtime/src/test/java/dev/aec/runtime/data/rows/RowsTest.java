package dev.aec.runtime.data.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.BytePointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class RowsTest {
    @TempDir
    Path root;

    @Test
    void mappedAndMemoryRowsGatherTheSameBits() throws Exception {
        int count = 257;
        int width = 33;
        SplittableRandom random = new SplittableRandom(3);
        float[] values = new float[count * width];
        for (int i = 0; i < values.length; i++) {
            // Any finite bits: subnormals, negative zero, huge exponents.
            float f;
            do {
                f = Float.intBitsToFloat(random.nextInt());
            } while (!Float.isFinite(f));
            values[i] = f;
        }
        MemoryRows memory = MemoryRows.of(values, count, width);
        // Small mappings, so gathers cross many of them.
        MappedRows mapped = SampleCache.materialize(FakeSamples.of(values, width, "random"), root,
                SampleCache.Progress.NONE, () -> false, new SampleCache.Tuning(2, 1000, 7 * width * 4 + 3, n -> { }));
        assertThat(mapped.rowsPerChunk()).isEqualTo(7);
        int[] indices = new int[500];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = random.nextInt(count);
        }
        assertThat(bits(gathered(mapped, indices))).isEqualTo(bits(gathered(memory, indices)));
        float[] a = new float[width + 2];
        float[] b = new float[width + 2];
        for (int i = 0; i < count; i++) {
            memory.read(i, a, 2);
            mapped.read(i, b, 2);
            assertThat(bits(b)).isEqualTo(bits(a));
        }
    }

    @Test
    void samplesReadIntoMemorySkipTheUnreadableOnesWhenTheSourceSaysSo() throws Exception {
        FakeSamples failing = new FakeSamples(9, Shape.of(4), "fake").cheap(true).failingAt(2, 7);
        MemoryRows rows = MemoryRows.read(failing.skippingUnreadable(true), SampleCache.Progress.NONE, () -> false);
        assertThat(rows.skipped()).containsExactly(new Rows.Skipped(2, "not a PNG file"),
                new Rows.Skipped(7, "not a PNG file"));
        float[] row = new float[4];
        rows.read(7, row, 0);
        assertThat(row).containsOnly(0f);
        rows.read(8, row, 0);
        assertThat(row[3]).isEqualTo(FakeSamples.value(8, 3));
        assertThatThrownBy(() -> MemoryRows.read(failing, SampleCache.Progress.NONE, () -> false))
                .isInstanceOf(DataException.class)
                .hasMessage("sample-2.png: not a PNG file");
    }

    @Test
    void anIndexOutsideTheRowsIsRefusedByBoth() throws Exception {
        MemoryRows memory = MemoryRows.of(new float[12], 3, 4);
        MappedRows mapped = SampleCache.materialize(FakeSamples.of(new float[12], 4, "zeros"), root,
                SampleCache.Progress.NONE);
        for (Rows rows : new Rows[] {memory, mapped}) {
            assertThatThrownBy(() -> gathered(rows, new int[] {0, 3})).isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> rows.read(-1, new float[4], 0)).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }

    @Test
    void prefetchingRowsLeavesWhatIsGatheredUnchangedAndStopsWithTheRows() throws Exception {
        int count = 40;
        int width = 3000;
        float[] values = new float[count * width];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f;
        }
        // Rows of 12000 bytes in mappings of 3 rows, so a row spans pages and prefetches cross mappings.
        MappedRows mapped = SampleCache.materialize(FakeSamples.of(values, width, "pages"), root,
                SampleCache.Progress.NONE, () -> false, new SampleCache.Tuning(2, 1000, 3 * width * 4, n -> { }));
        MemoryRows memory = MemoryRows.of(values, count, width);
        int[] indices = {39, 0, 7, 8, 9, 21, 39};
        for (int round = 0; round < 50; round++) {
            mapped.prefetch(indices);
            memory.prefetch(indices);
        }
        assertThat(bits(gathered(mapped, indices))).isEqualTo(bits(gathered(memory, indices)));
        assertThatThrownBy(() -> mapped.prefetch(new int[] {count})).isInstanceOf(IndexOutOfBoundsException.class);
        mapped.close();
        mapped.prefetch(indices);
    }

    @Test
    void memoryRowsTakeAViewOrDoublesAsTheirOwnFloatArray() {
        INDArray all = Nd4j.arange(24).castTo(DataType.DOUBLE).reshape(6, 4);
        MemoryRows rows = new MemoryRows(all.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all()));
        assertThat(rows.count()).isEqualTo(3);
        assertThat(rows.array().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(rows.array().isView()).isFalse();
        assertThat(gathered(rows, new int[] {2, 0})).containsExactly(16, 17, 18, 19, 8, 9, 10, 11);
    }

    @Test
    void aRowLargerThanAMappingIsRefused() {
        assertThatThrownBy(() -> SampleCache.materialize(FakeSamples.of(new float[12], 4, "wide"), root,
                SampleCache.Progress.NONE, () -> false, new SampleCache.Tuning(1, 1000, 15, n -> { })))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The rows at `indices` as {@link Rows#gather} copies them to native memory. */
    static float[] gathered(Rows rows, int[] indices) {
        INDArray into = Nd4j.createUninitialized(DataType.FLOAT, indices.length, rows.width());
        rows.gather(indices, new BytePointer(into.data().addressPointer()));
        return into.data().asFloat();
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
