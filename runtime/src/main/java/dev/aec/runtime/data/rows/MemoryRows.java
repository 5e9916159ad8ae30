package dev.aec.runtime.data.rows;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.source.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Rows in one off-heap float32 array of shape `[count, width]`, in order, in its own buffer. */
public final class MemoryRows implements Rows {
    /** Samples read per block while loading a source: the heap holds one block at a time. */
    private static final int BLOCK_BYTES = 4 << 20;

    private final INDArray rows;
    private final int count;
    private final int width;
    private final long rowBytes;
    private final List<Skipped> skipped;

    /** `rows` as they are, or copied when a view, not row-major or not float32. */
    public MemoryRows(INDArray rows) {
        this(rows, List.of());
    }

    private MemoryRows(INDArray rows, List<Skipped> skipped) {
        if (rows.rank() != 2) {
            throw new IllegalArgumentException("rows are a [count, width] array, got rank " + rows.rank());
        }
        if (rows.dataType() != DataType.FLOAT) {
            rows = rows.castTo(DataType.FLOAT);
        }
        // `gather` copies rows straight out of the buffer: it must be this array's own, in order.
        if (rows.isView() || rows.ordering() != 'c') {
            rows = rows.dup('c');
        }
        this.rows = rows;
        this.count = Math.toIntExact(rows.rows());
        this.width = Math.toIntExact(rows.columns());
        this.rowBytes = (long) width * Float.BYTES;
        this.skipped = List.copyOf(skipped);
    }

    /** `count` rows of `width` floats, copied off the heap. */
    public static MemoryRows of(float[] values, int count, int width) {
        return new MemoryRows(Nd4j.create(values, new long[] {count, width}, 'c'));
    }

    /**
     * Every sample of `samples` read into memory, a block at a time; one that cannot be read is a
     * row of zeros listed in {@link #skipped()} when the samples skip unreadable ones.
     */
    static MemoryRows read(Samples samples, SampleCache.Progress progress, BooleanSupplier stop)
            throws DataException, InterruptedException {
        int count = samples.count();
        int width = samples.width();
        INDArray rows = Nd4j.createUninitialized(DataType.FLOAT, new long[] {count, width}, 'c');
        FloatPointer to = new FloatPointer(rows.data().addressPointer());
        int block = Math.max(1, BLOCK_BYTES / Float.BYTES / Math.max(1, width));
        float[] buffer = new float[Math.min(block, Math.max(1, count)) * width];
        List<Skipped> skipped = new ArrayList<>();
        for (int from = 0; from < count; from += block) {
            if (stop.getAsBoolean() || Thread.interrupted()) {
                throw new InterruptedException("stopped while reading " + count + " samples");
            }
            int n = Math.min(block, count - from);
            for (int i = 0; i < n; i++) {
                SampleCache.readOrSkip(samples, from + i, buffer, i * width).ifPresent(skipped::add);
            }
            to.position((long) from * width).put(buffer, 0, n * width);
            progress.decoded(from + n, count);
        }
        return new MemoryRows(rows, skipped);
    }

    @Override
    public List<Skipped> skipped() {
        return skipped;
    }

    /** The rows as one `[count, width]` array, shared, not copied. */
    public INDArray array() {
        return rows;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public void gather(int[] indices, BytePointer to) {
        BytePointer from = new BytePointer(rows.data().addressPointer());
        for (int i = 0; i < indices.length; i++) {
            Objects.checkIndex(indices[i], count);
            Pointer.memcpy(to.position(i * rowBytes), from.position(indices[i] * rowBytes), rowBytes);
        }
    }

    @Override
    public void read(int index, float[] into, int offset) {
        Objects.checkIndex(index, count);
        new FloatPointer(rows.data().addressPointer()).position((long) index * width).get(into, offset, width);
    }

    /** ND4J frees the array's memory when the collector finds it. */
    @Override
    public void close() {
    }
}
