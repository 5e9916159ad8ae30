package dev.aec.runtime.data.rows;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.DatasetResolver;
import dev.aec.runtime.data.Sha256;
import dev.aec.runtime.data.source.Samples;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLockInterruptionException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decoded samples of a source kept on disk as {@link MappedRows}, one file per source under a cache
 * root, named by the SHA-256 of the source's fingerprint: `<sha256>.rows` ({@link RowsFile}). A
 * file whose header does not match the source exactly (damaged, truncated, another version) is
 * deleted and decoded again; one that matches is reused without reading the source.
 *
 * <p>A build decodes blocks of samples on a pool of one thread per processor and writes each block
 * at its samples' place in a temporary file, which is renamed into place once complete and flushed.
 * At most one block per thread is in memory. A build that fails (a sample that cannot be read, a
 * full disk) or is stopped deletes its temporary file before it returns. A process killed while
 * building leaves one behind, which the next build under the same root deletes: a writer holds a
 * lock on its temporary file from before the file has its final temporary name, and the lock dies
 * with the process, so an unlocked `.tmp` file is a dead writer's.
 *
 * <p>When the samples {@link Samples#skipsUnreadable() skip unreadable ones} (`skip_bad: true`), a
 * sample whose read fails with a {@link DataException} does not fail the build: its row is written
 * as zeros, and its index and the reader's problem go to the list of skipped rows the file ends
 * with (see {@link RowsFile}, format version 2). The header holds that list's length and CRC-32, so
 * a reused file says which rows were skipped ({@link Rows#skipped()}) without reading the source
 * again, and a damaged list makes the file decoded again like a damaged header.
 *
 * <p>The cache is bounded: after writing a new file, the least recently used other files are
 * deleted until all of them together fit a cap ({@link #DEFAULT_MAX_BYTES}, or
 * {@value #MAX_VARIABLE}). A file's modification time is its last use: reusing a file touches it.
 * A process holds a shared lock on every file whose rows it has open, and eviction deletes a file
 * only under an exclusive lock, so a file in use by any process is never deleted (as a
 * temporary file is swept only when unlocked). Where the file system has no locks, nothing is
 * evicted.
 */
public final class SampleCache {
    /** How far a build has got; called on the thread that asked for the rows. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> { };

        void decoded(long done, long total);
    }

    static final String SUFFIX = ".rows";
    /** A temporary file being written, locked by its writer. */
    static final String TEMP_SUFFIX = ".tmp";
    /** A temporary file just created, not yet locked and renamed; empty. */
    static final String NEW_SUFFIX = ".new";
    /** A `.new` file this old was left by a writer that died in its first microseconds. */
    static final Duration NEW_FILE_STALE = Duration.ofMinutes(1);
    private static final int BLOCK_BYTES = 4 << 20;
    /** The size all cache files may reach together unless {@value #MAX_VARIABLE} says otherwise: 20 GB. */
    public static final long DEFAULT_MAX_BYTES = 20_000_000_000L;
    /** The environment variable that sets the cache's cap, e.g. `50g`. */
    public static final String MAX_VARIABLE = "AEC_SAMPLE_CACHE_MAX";
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)b?");

    /**
     * How a build runs: decoding threads, bytes of samples per block, bytes per mapping, and a
     * probe told the number of block buffers alive each time one is taken (tests).
     */
    record Tuning(int threads, int blockBytes, long mapChunkBytes, IntConsumer buffersAlive) {
        static Tuning standard() {
            return new Tuning(Runtime.getRuntime().availableProcessors(), BLOCK_BYTES, MappedRows.MAX_CHUNK_BYTES,
                    n -> { });
        }
    }

    /**
     * Temporary files this process is writing: it must never open them to test their lock, since
     * closing any channel of a file drops the process's locks on it.
     */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();
    /**
     * Cache files whose rows this process has open, each through one channel holding a shared
     * lock: any further channel of the file, once closed, would drop that lock with it, so the
     * process opens a file in use only through this.
     */
    private static final Map<Path, Use> IN_USE = new HashMap<>();

    private SampleCache() {
    }

    /** `$XDG_CACHE_HOME/aec/samples`, else `~/.cache/aec/samples`: beside the datasets' cache. */
    public static Path defaultRoot(Map<String, String> environment, Path home) {
        return DatasetResolver.defaultCacheRoot(environment, home).resolveSibling("samples");
    }

    /**
     * The cap {@value #MAX_VARIABLE} sets in `environment`, in bytes (`20g`, `500m`, `1.5t`;
     * decimal units, as aec prints sizes; a bare number is bytes), else {@link #DEFAULT_MAX_BYTES}.
     *
     * @throws IllegalArgumentException naming the variable, when its value is not such a size
     */
    public static long maxBytes(Map<String, String> environment) {
        String value = environment.getOrDefault(MAX_VARIABLE, "").strip();
        if (value.isEmpty()) {
            return DEFAULT_MAX_BYTES;
        }
        Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(MAX_VARIABLE + "=" + value + ": expected a size such as 20g or 500m");
        }
        double unit = switch (m.group(2)) {
            case "k" -> 1e3;
            case "m" -> 1e6;
            case "g" -> 1e9;
            case "t" -> 1e12;
            default -> 1;
        };
        double bytes = Double.parseDouble(m.group(1)) * unit;
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    /** The file that holds, or will hold, the decoded samples of a source with `fingerprint`. */
    public static Path file(Path cacheRoot, String fingerprint) {
        return cacheRoot.resolve(key(fingerprint) + SUFFIX);
    }

    /** {@link #materialize(Samples, Path, Progress, BooleanSupplier)} that runs until done. */
    public static MappedRows materialize(Samples samples, Path cacheRoot, Progress progress)
            throws DataException, InterruptedException {
        return materialize(samples, cacheRoot, progress, () -> false);
    }

    /**
     * The samples' cache file, reused if there and sound, else decoded now.
     *
     * @throws DataException when a sample cannot be read (the reader's own exception) and the samples
     *     do not skip unreadable ones, or the cache cannot be created, read or written (subject: the
     *     cache file)
     * @throws InterruptedException when `stop` said so or the thread was interrupted during a build
     */
    public static MappedRows materialize(Samples samples, Path cacheRoot, Progress progress, BooleanSupplier stop)
            throws DataException, InterruptedException {
        return materialize(samples, cacheRoot, DEFAULT_MAX_BYTES, progress, stop);
    }

    /**
     * {@link #materialize(Samples, Path, Progress, BooleanSupplier)}; a new file then evicts the
     * least recently used others beyond `maxBytes` of cache files.
     */
    public static MappedRows materialize(Samples samples, Path cacheRoot, long maxBytes, Progress progress,
                                         BooleanSupplier stop) throws DataException, InterruptedException {
        return materialize(samples, cacheRoot, progress, stop, Tuning.standard(), maxBytes);
    }

    static MappedRows materialize(Samples samples, Path cacheRoot, Progress progress, BooleanSupplier stop,
                                  Tuning tuning) throws DataException, InterruptedException {
        return materialize(samples, cacheRoot, progress, stop, tuning, DEFAULT_MAX_BYTES);
    }

    static MappedRows materialize(Samples samples, Path cacheRoot, Progress progress, BooleanSupplier stop,
                                  Tuning tuning, long maxBytes) throws DataException, InterruptedException {
        String key = key(samples.fingerprint());
        RowsFile.Header header = new RowsFile.Header(samples.count(), samples.sampleShape(), key);
        Path file = cacheRoot.resolve(key + SUFFIX);
        try {
            Files.createDirectories(cacheRoot);
        } catch (IOException e) {
            throw failure(cacheRoot, "cannot create the cache of decoded samples", e);
        }
        sweep(cacheRoot);
        Optional<MappedRows> cached = reuse(file, header, tuning);
        if (cached.isPresent()) {
            return cached.get();
        }
        build(samples, file, header, progress, stop, tuning);
        MappedRows built = reuse(file, header, tuning).orElseThrow(() -> new DataException(file.toString(),
                "the cache of decoded samples does not read back as written"));
        evict(cacheRoot, maxBytes);
        return built;
    }

    static String key(String fingerprint) {
        return Sha256.of(fingerprint.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The rows of `file` when it holds exactly `header`'s samples, the file marked as used now and
     * in use until the rows are closed; a file that does not hold them is deleted.
     */
    private static Optional<MappedRows> reuse(Path file, RowsFile.Header header, Tuning tuning)
            throws DataException, InterruptedException {
        Use use;
        try {
            Optional<Use> opened = Use.open(file);
            if (opened.isEmpty()) {
                return Optional.empty();
            }
            use = opened.get();
        } catch (FileLockInterruptionException | ClosedByInterruptException e) {
            throw new InterruptedException("interrupted while opening " + file);
        } catch (IOException e) {
            throw failure(file, "cannot read the cache of decoded samples", e);
        }
        try {
            RowsFile.Verdict verdict = RowsFile.check(use.channel, header);
            if (verdict.sound()) {
                MappedRows rows = new MappedRows(file, use.channel, header, verdict.skipped(), tuning.mapChunkBytes(),
                        use::release);
                touch(file);
                return Optional.of(rows);
            }
        } catch (IOException e) {
            use.release();
            throw failure(file, "cannot read the cache of decoded samples", e);
        } catch (RuntimeException | Error e) {
            use.release();
            throw e;
        }
        use.forget();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw failure(file, "cannot delete a cache of decoded samples that does not match its source", e);
        } finally {
            use.release();
        }
        return Optional.empty();
    }

    /** Marks `file` as used now, for eviction; a file whose time cannot be set is only evicted sooner. */
    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // Read-only cache: it still works, and its files' ages say when they were written.
        }
    }

    /**
     * One cache file this process has open, through one read channel holding a shared lock, counted
     * by the rows that read it; the last of them to close closes the channel.
     */
    private static final class Use {
        final Path file;
        final FileChannel channel;
        /** Which file the channel reads, as the path named it once locked: it may be replaced since. */
        private final Object identity;
        private int users = 1;

        private Use(Path file, FileChannel channel, Object identity) {
            this.file = file;
            this.channel = channel;
            this.identity = identity;
        }

        /**
         * `file` held open and shared-locked, the one channel this process already has if any;
         * empty when there is no such file (or it was evicted while its lock was awaited).
         */
        static Optional<Use> open(Path file) throws IOException {
            synchronized (IN_USE) {
                Use held = IN_USE.get(file);
                if (held != null) {
                    if (held.identity.equals(identity(file))) {
                        held.users++;
                        return Optional.of(held);
                    }
                    // Deleted or replaced since: its readers keep the old file, later ones open the new.
                    IN_USE.remove(file, held);
                }
                FileChannel channel;
                try {
                    channel = FileChannel.open(file, StandardOpenOption.READ);
                } catch (NoSuchFileException e) {
                    return Optional.empty();
                }
                try {
                    // Waits while another process evicts the file under its exclusive lock, or has
                    // just renamed it into place and not yet closed it.
                    channel.lock(0, Long.MAX_VALUE, true);
                } catch (FileLockInterruptionException e) {
                    channel.close();
                    throw e;
                } catch (IOException e) {
                    // No locks here: no process can lock the file to evict it either.
                } catch (RuntimeException | Error e) {
                    channel.close();
                    throw e;
                }
                Object identity = identity(file);
                if (identity == NO_FILE) {
                    channel.close();
                    return Optional.empty();
                }
                Use use = new Use(file, channel, identity);
                IN_USE.put(file, use);
                return Optional.of(use);
            }
        }

        /**
         * What tells `file` from another file at its path later (its file system's key, else its
         * size and times), or {@link #NO_FILE}.
         */
        private static Object identity(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return a.fileKey() != null ? a.fileKey() : List.of(a.size(), a.creationTime());
            } catch (IOException e) {
                return NO_FILE;
            }
        }

        private static final Object NO_FILE = new Object();

        /** No longer offered to later opens: the file is about to be deleted and may be written anew. */
        void forget() {
            synchronized (IN_USE) {
                IN_USE.remove(file, this);
            }
        }

        /** One reader fewer; the channel, and with it the lock, goes with the last. */
        void release() {
            synchronized (IN_USE) {
                if (--users > 0) {
                    return;
                }
                IN_USE.remove(file, this);
                try {
                    channel.close();
                } catch (IOException e) {
                    // A read channel has nothing to flush; its lock goes with it all the same.
                }
            }
        }
    }

    /**
     * Deletes the least recently used cache files under `cacheRoot` until those left fit `maxBytes`,
     * skipping every file some process has in use (this one's without opening it: see
     * {@link #IN_USE}). Anything it cannot decide on is left alone.
     */
    static void evict(Path cacheRoot, long maxBytes) {
        record Entry(Path file, long bytes, FileTime used) {
        }
        List<Entry> entries = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(cacheRoot, "*" + SUFFIX)) {
            for (Path f : files) {
                try {
                    BasicFileAttributes attributes = Files.readAttributes(f, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        entries.add(new Entry(f, attributes.size(), attributes.lastModifiedTime()));
                        total += attributes.size();
                    }
                } catch (IOException e) {
                    // Gone meanwhile: it takes no room.
                }
            }
        } catch (IOException e) {
            return;
        }
        entries.sort(Comparator.comparing(Entry::used).thenComparing(Entry::file));
        for (Entry e : entries) {
            if (total <= maxBytes) {
                return;
            }
            synchronized (IN_USE) {
                if (IN_USE.containsKey(e.file()) || WRITING.contains(e.file())) {
                    continue;
                }
                if (deleteIfUnused(e.file())) {
                    total -= e.bytes();
                }
            }
        }
    }

    /** Deletes `file` if no process holds a lock on it, under an exclusive lock of its own. */
    private static boolean deleteIfUnused(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                Files.deleteIfExists(file);
                return true;
            }
        } catch (IOException | OverlappingFileLockException e) {
            // Gone already, locked by a build of this process, or no locks here: left alone.
        }
        return false;
    }

    private static void build(Samples samples, Path file, RowsFile.Header header, Progress progress,
                              BooleanSupplier stop, Tuning tuning) throws DataException, InterruptedException {
        if (Thread.interrupted() || stop.getAsBoolean()) {
            throw new InterruptedException("stopped before decoding " + samples.count() + " samples");
        }
        Path fresh;
        try {
            fresh = Files.createTempFile(file.getParent(), file.getFileName() + ".", NEW_SUFFIX);
        } catch (IOException e) {
            throw failure(file, "cannot write the cache of decoded samples", e);
        }
        String name = fresh.getFileName().toString();
        Path temp = fresh.resolveSibling(name.substring(0, name.length() - NEW_SUFFIX.length()) + TEMP_SUFFIX);
        WRITING.add(temp);
        try (FileChannel channel = FileChannel.open(fresh, StandardOpenOption.WRITE)) {
            lock(channel);
            Files.move(fresh, temp, StandardCopyOption.ATOMIC_MOVE);
            List<Rows.Skipped> skipped = decode(samples, channel, header, progress, stop, tuning);
            ByteBuffer list = RowsFile.encodeSkipped(skipped);
            write(channel, RowsFile.encode(header, skipped.size(), list), 0);
            write(channel, list, header.fileBytes());
            channel.force(true);
            // Still locked: an unlocked temporary file is always a dead writer's.
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (ClosedByInterruptException | FileLockInterruptionException e) {
            deleteQuietly(fresh, temp);
            throw new InterruptedException("interrupted while writing " + file);
        } catch (IOException e) {
            deleteQuietly(fresh, temp);
            throw failure(file, "cannot write the cache of decoded samples", e);
        } catch (DataException | InterruptedException | RuntimeException | Error e) {
            deleteQuietly(fresh, temp);
            throw e;
        } finally {
            WRITING.remove(temp);
        }
    }

    /**
     * Locks a new temporary file for its writer's lifetime. Where the file system has no locks the
     * build goes on unlocked: a sweep cannot lock the file either, so it never deletes it.
     */
    private static void lock(FileChannel channel) throws IOException {
        try {
            channel.lock();
        } catch (FileLockInterruptionException e) {
            throw e;
        } catch (IOException e) {
            // No locks here (some network file systems): a dead writer's file then stays until deleted by hand.
        }
    }

    /** One block's buffers: the floats a reader fills, and their bytes for the file. */
    private record Block(float[] values, ByteBuffer bytes) {
    }

    /**
     * Decodes every sample into its place in `channel`'s file, on a pool of `tuning.threads()`;
     * returns the rows skipped as unreadable, in index order.
     */
    private static List<Rows.Skipped> decode(Samples samples, FileChannel channel, RowsFile.Header header,
                                             Progress progress, BooleanSupplier stop, Tuning tuning)
            throws DataException, IOException, InterruptedException {
        int count = samples.count();
        int width = header.width();
        long rowBytes = header.rowBytes();
        int perBlock = (int) Math.max(1, Math.min(count, tuning.blockBytes() / rowBytes));
        int blocks = (int) ((count + (long) perBlock - 1) / perBlock);
        AtomicBoolean cancelled = new AtomicBoolean();
        Queue<Rows.Skipped> skipped = new ConcurrentLinkedQueue<>();
        // Buffers are taken by running tasks only, so there are never more than threads.
        BlockingQueue<Block> free = new LinkedBlockingQueue<>();
        AtomicInteger alive = new AtomicInteger();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(tuning.threads(), r -> {
            Thread t = new Thread(r, "aec-decode-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        CompletionService<Integer> done = new ExecutorCompletionService<>(pool);
        try {
            int submitted = 0;
            int running = 0;
            long decoded = 0;
            while (submitted < blocks || running > 0) {
                // Two per thread queued, so a thread finds its next block without waiting for this one.
                while (running < 2 * tuning.threads() && submitted < blocks) {
                    int first = submitted * perBlock;
                    int n = Math.min(perBlock, count - first);
                    done.submit(() -> {
                        Block block = free.poll();
                        if (block == null) {
                            block = new Block(new float[perBlock * width],
                                    ByteBuffer.allocateDirect(Math.toIntExact(perBlock * rowBytes))
                                            .order(ByteOrder.nativeOrder()));
                            tuning.buffersAlive().accept(alive.incrementAndGet());
                        }
                        try {
                            return decodeBlock(samples, first, n, block, channel, rowBytes, cancelled, skipped);
                        } finally {
                            free.add(block);
                        }
                    });
                    submitted++;
                    running++;
                }
                Future<Integer> next = done.poll(100, TimeUnit.MILLISECONDS);
                if (stop.getAsBoolean()) {
                    throw new InterruptedException("stopped while decoding " + count + " samples");
                }
                if (next != null) {
                    running--;
                    decoded += result(next);
                    progress.decoded(decoded, count);
                }
            }
        } finally {
            cancelled.set(true);
            pool.shutdown();
            awaitUninterruptibly(pool);
        }
        List<Rows.Skipped> inOrder = new ArrayList<>(skipped);
        inOrder.sort(Comparator.comparingInt(Rows.Skipped::index));
        return inOrder;
    }

    private static int decodeBlock(Samples samples, int first, int n, Block block, FileChannel channel, long rowBytes,
                                   AtomicBoolean cancelled, Queue<Rows.Skipped> skipped)
            throws DataException, IOException {
        int width = (int) (rowBytes / Float.BYTES);
        for (int i = 0; i < n; i++) {
            if (cancelled.get()) {
                return 0;
            }
            Optional<Rows.Skipped> unread = readOrSkip(samples, first + i, block.values(), i * width);
            unread.ifPresent(skipped::add);
        }
        ByteBuffer bytes = block.bytes().clear();
        bytes.asFloatBuffer().put(block.values(), 0, n * width);
        bytes.limit(Math.toIntExact(n * rowBytes));
        write(channel, bytes, RowsFile.HEADER_BYTES + first * rowBytes);
        return n;
    }

    /**
     * Reads sample `index` into `into` at `offset`; when it cannot be read and `samples` skip
     * unreadable ones, leaves zeros there instead and says so.
     */
    static Optional<Rows.Skipped> readOrSkip(Samples samples, int index, float[] into, int offset)
            throws DataException {
        try {
            samples.read(index, into, offset);
            return Optional.empty();
        } catch (DataException e) {
            if (!samples.skipsUnreadable()) {
                throw e;
            }
            Arrays.fill(into, offset, offset + samples.width(), 0f);
            return Optional.of(new Rows.Skipped(index, e.problem()));
        }
    }

    /** What a block's task returned, or what it threw, as it was thrown. */
    private static int result(Future<Integer> future) throws DataException, IOException, InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DataException d) {
                throw d;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static void write(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    /** Waits for the pool's threads, so none writes to a file about to be deleted. */
    private static void awaitUninterruptibly(ExecutorService pool) {
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Deletes the temporary files of dead writers: `.tmp` files no process holds a lock on, and
     * `.new` files older than {@link #NEW_FILE_STALE}. Anything it cannot decide on is left alone.
     */
    static void sweep(Path cacheRoot) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(cacheRoot, "*{" + TEMP_SUFFIX + "," + NEW_SUFFIX + "}")) {
            for (Path f : files) {
                if (f.getFileName().toString().endsWith(NEW_SUFFIX)) {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(Instant.now().minus(NEW_FILE_STALE))) {
                        Files.deleteIfExists(f);
                    }
                } else if (!WRITING.contains(f)) {
                    deleteIfUnlocked(f);
                }
            }
        } catch (IOException e) {
            // A cache we cannot tidy still works; the next build tries again.
        }
    }

    private static void deleteIfUnlocked(Path temp) {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException | OverlappingFileLockException e) {
            // Gone already, or held by this process: not a dead writer's.
        }
    }

    private static void deleteQuietly(Path... files) {
        for (Path f : files) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // The next build's sweep deletes it: it is unlocked once this channel is closed.
            }
        }
    }

    private static DataException failure(Path subject, String what, IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null
                ? fs.getReason() : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new DataException(subject.toString(), what + ": " + reason, e);
    }
}
