package dev.aec.runtime.data.rows;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.source.Samples;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacpp.BytePointer;

/**
 * Decoded samples as float32 rows of one width, read by index: in memory ({@link MemoryRows}) or
 * in a memory-mapped file ({@link MappedRows}). Reading is thread-safe; a row is row-major, as
 * the model's input is written. Not sealed, so that tests can record how the trainer reads.
 */
public interface Rows extends AutoCloseable {
    /**
     * Samples whose floats fit in this many bytes, from a source that is cheap to read, are held in
     * memory; anything else is decoded once into a {@link SampleCache} file.
     */
    long MEMORY_BUDGET_BYTES = 1L << 30;

    int count();

    /** Floats in one row. */
    int width();

    /**
     * Copies the rows at `indices`, one after another, to `to` (native memory of at least
     * `indices.length * width()` floats; its position is not kept).
     *
     * @throws IndexOutOfBoundsException for an index outside the rows
     */
    void gather(int[] indices, BytePointer to);

    /**
     * A hint that the rows at `indices` will be gathered soon: rows in a file may start reading
     * them from disk in the background. Values read never depend on it. Does nothing by default.
     */
    default void prefetch(int[] indices) {
    }

    /** Copies row `index` into `into` from `offset`: {@link #width()} floats. */
    void read(int index, float[] into, int offset);

    /**
     * The rows whose sample could not be read, from samples that {@link Samples#skipsUnreadable()
     * skip unreadable ones}, in index order: each holds zeros and is not to be trained on. None by
     * default.
     */
    default List<Skipped> skipped() {
        return List.of();
    }

    /** Row `index`, left as zeros because its sample could not be read, and why (the reader's problem). */
    record Skipped(int index, String reason) {
        public Skipped {
            if (index < 0) {
                throw new IllegalArgumentException("a row index is not negative: " + index);
            }
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Lets the memory go; the rows must not be read afterwards. */
    @Override
    void close();

    /**
     * The rows of `samples`, the one place that decides where they live: in memory when the source
     * says reading it is cheap and its floats fit `memoryBudgetBytes`, else in the cache under
     * `cacheRoot` (decoded now unless a cache of the same fingerprint is there; a new cache file
     * evicts the least recently used others beyond `cacheMaxBytes`).
     *
     * @throws DataException when a sample cannot be read (unless the samples skip unreadable ones) or
     *     the cache cannot be written
     * @throws InterruptedException when `stop` asked for it, or the thread was interrupted, while
     *     decoding; nothing is left behind
     */
    static Rows load(Samples samples, Path cacheRoot, long cacheMaxBytes, long memoryBudgetBytes,
                     SampleCache.Progress progress, BooleanSupplier stop) throws DataException, InterruptedException {
        long bytes = (long) samples.count() * samples.width() * Float.BYTES;
        if (samples.cheapToRead() && bytes <= memoryBudgetBytes) {
            return MemoryRows.read(samples, progress, stop);
        }
        return SampleCache.materialize(samples, cacheRoot, cacheMaxBytes, progress, stop);
    }

    /**
     * {@link #load(Samples, Path, long, long, SampleCache.Progress, BooleanSupplier)} with the default
     * memory budget and cache size.
     */
    static Rows load(Samples samples, Path cacheRoot, SampleCache.Progress progress, BooleanSupplier stop)
            throws DataException, InterruptedException {
        return load(samples, cacheRoot, SampleCache.DEFAULT_MAX_BYTES, MEMORY_BUDGET_BYTES, progress, stop);
    }
}
