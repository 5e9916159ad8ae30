package dev.aec.runtime.data.rows;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Rows in a file of decoded samples ({@link RowsFile}), memory-mapped read-only: the operating
 * system's page cache holds what fits, so the data may be larger than memory. The file is mapped
 * in chunks (one mapping cannot pass 2 GB), each a whole number of rows, so no row straddles two.
 */
public final class MappedRows implements Rows {
    /** The largest mapping; rows per chunk are as many as fit. */
    static final long MAX_CHUNK_BYTES = 1L << 30;
    /** Touching one byte this far apart faults in every page of a row (4 KB pages, or larger). */
    private static final int PAGE_BYTES = 4096;

    private final Path file;
    private final int count;
    private final int width;
    private final long rowBytes;
    private final int rowsPerChunk;
    /** Kept so the mappings live as long as these rows: a pointer alone does not hold them. */
    private final MappedByteBuffer[] chunks;
    private final BytePointer[] addresses;
    private final FloatBuffer[] floats;
    private final List<Skipped> skipped;
    /**
     * One daemon thread that touches the pages of rows asked for ahead of their batch. A request
     * is handed over only when the thread is idle and dropped otherwise: a late prefetch is worth
     * nothing once its batch has been gathered, and a queue of them would only compete with it.
     * The thread ends after a while without requests.
     */
    private final ThreadPoolExecutor prefetcher = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
            new SynchronousQueue<>(), task -> {
                Thread thread = new Thread(task, "aec-rows-prefetch");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.DiscardPolicy());
    /** Written by the prefetching thread so that its reads are not optimised away. */
    @SuppressWarnings("unused")
    private volatile int touched;
    /** Tells the cache the file is no longer in use by these rows; run once, by the first close. */
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Maps the rows of `channel`'s file, whose header has been checked against `header` and which
     * lists `skipped` as skipped; `release` runs when the rows are closed.
     */
    MappedRows(Path file, FileChannel channel, RowsFile.Header header, List<Skipped> skipped, long maxChunkBytes,
               Runnable release) throws IOException {
        this.file = file;
        this.release = release;
        this.skipped = List.copyOf(skipped);
        this.count = Math.toIntExact(header.count());
        this.width = header.width();
        this.rowBytes = header.rowBytes();
        if (rowBytes > maxChunkBytes) {
            throw new IllegalArgumentException("a sample of " + rowBytes + " bytes is larger than a mapping of "
                    + maxChunkBytes);
        }
        this.rowsPerChunk = (int) Math.min(Integer.MAX_VALUE, maxChunkBytes / rowBytes);
        int n = (int) ((count + (long) rowsPerChunk - 1) / rowsPerChunk);
        this.chunks = new MappedByteBuffer[n];
        this.addresses = new BytePointer[n];
        this.floats = new FloatBuffer[n];
        for (int c = 0; c < n; c++) {
            long first = (long) c * rowsPerChunk;
            long rows = Math.min(rowsPerChunk, count - first);
            chunks[c] = channel.map(FileChannel.MapMode.READ_ONLY, RowsFile.HEADER_BYTES + first * rowBytes,
                    rows * rowBytes);
            addresses[c] = new BytePointer(chunks[c]);
            floats[c] = chunks[c].duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
        }
    }

    /** The file the rows are read from. */
    public Path file() {
        return file;
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
    public List<Skipped> skipped() {
        return skipped;
    }

    /** How many rows one mapping holds. */
    int rowsPerChunk() {
        return rowsPerChunk;
    }

    @Override
    public void gather(int[] indices, BytePointer to) {
        // Positions are per pointer: each call moves its own copies, so threads do not meet.
        BytePointer[] from = new BytePointer[addresses.length];
        for (int i = 0; i < indices.length; i++) {
            int row = Objects.checkIndex(indices[i], count);
            int c = row / rowsPerChunk;
            if (from[c] == null) {
                from[c] = new BytePointer(addresses[c]);
            }
            Pointer.memcpy(to.position(i * rowBytes), from[c].position((row % rowsPerChunk) * rowBytes), rowBytes);
        }
    }

    @Override
    public void read(int index, float[] into, int offset) {
        int row = Objects.checkIndex(index, count);
        floats[row / rowsPerChunk].get((row % rowsPerChunk) * width, into, offset, width);
    }

    /** Touches one byte of every page of the rows at `indices` on the prefetching thread. */
    @Override
    public void prefetch(int[] indices) {
        for (int index : indices) {
            Objects.checkIndex(index, count);
        }
        int[] rows = indices.clone();
        prefetcher.execute(() -> touch(rows));
    }

    private void touch(int[] rows) {
        int sum = 0;
        for (int row : rows) {
            MappedByteBuffer chunk = chunks[row / rowsPerChunk];
            int start = (int) ((row % rowsPerChunk) * rowBytes);
            int end = (int) (start + rowBytes - 1);
            for (int at = start; at < end; at += PAGE_BYTES) {
                sum += chunk.get(at);
            }
            sum += chunk.get(end);
        }
        touched = sum;
    }

    /**
     * Stops prefetching and lets the cache evict the file; the mappings go when the collector finds
     * them (Java has no safe way to unmap sooner), and a deleted file's pages stay readable until then.
     */
    @Override
    public void close() {
        prefetcher.shutdown();
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
