package dev.aec.runtime.data.rows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SampleCacheTest {
    private static final Shape SHAPE = Shape.of(3, 5);

    @TempDir
    Path root;

    @Test
    void aBuiltCacheHoldsEverySampleAsTheSourceReadsIt() throws Exception {
        FakeSamples samples = new FakeSamples(37, SHAPE, "files v1");
        MappedRows rows = SampleCache.materialize(samples, root, SampleCache.Progress.NONE);
        assertThat(samples.reads()).isEqualTo(37);
        assertThat(rows.count()).isEqualTo(37);
        assertThat(rows.width()).isEqualTo(15);
        assertThat(rows.file()).isEqualTo(SampleCache.file(root, "files v1"));
        assertHolds(rows, 37);
        assertThat(files()).containsExactly(rows.file().getFileName().toString());
    }

    @Test
    void aCacheOfTheSameFingerprintIsReusedWithoutReadingTheSource() throws Exception {
        SampleCache.materialize(new FakeSamples(37, SHAPE, "files v1"), root, SampleCache.Progress.NONE);
        FakeSamples again = new FakeSamples(37, SHAPE, "files v1");
        MappedRows rows = SampleCache.materialize(again, root, SampleCache.Progress.NONE);
        assertThat(again.reads()).isZero();
        assertHolds(rows, 37);
    }

    @Test
    void aChangedFingerprintDecodesTheSourceAgainIntoItsOwnFile() throws Exception {
        MappedRows first = SampleCache.materialize(new FakeSamples(37, SHAPE, "files v1"), root, SampleCache.Progress.NONE);
        FakeSamples changed = new FakeSamples(37, SHAPE, "files v2");
        MappedRows second = SampleCache.materialize(changed, root, SampleCache.Progress.NONE);
        assertThat(changed.reads()).isEqualTo(37);
        assertThat(second.file()).isNotEqualTo(first.file());
    }

    @Test
    void aReaderFailingMidwayLeavesNoCacheAndNoTemporaryFile() {
        FakeSamples failing = new FakeSamples(500, SHAPE, "files v1").failingAt(301);
        assertThatThrownBy(() -> SampleCache.materialize(failing, root, SampleCache.Progress.NONE, () -> false,
                tuning(2, 16 * 60, n -> { })))
                .isInstanceOf(DataException.class)
                .hasMessage("sample-301.png: not a PNG file");
        assertThat(files()).isEmpty();
    }

    @Test
    void unreadableSamplesOfASourceThatSkipsThemAreZeroRowsListedAsSkipped() throws Exception {
        FakeSamples failing = new FakeSamples(500, SHAPE, "files v1").failingAt(0, 301, 499).skippingUnreadable(true);
        MappedRows rows = SampleCache.materialize(failing, root, SampleCache.Progress.NONE, () -> false,
                tuning(2, 16 * 60, n -> { }));
        List<Rows.Skipped> expected = List.of(new Rows.Skipped(0, "not a PNG file"),
                new Rows.Skipped(301, "not a PNG file"), new Rows.Skipped(499, "not a PNG file"));
        assertThat(rows.skipped()).isEqualTo(expected);
        assertThat(rows.count()).isEqualTo(500);
        float[] row = new float[rows.width()];
        rows.read(301, row, 0);
        assertThat(row).containsOnly(0f);
        rows.read(300, row, 0);
        assertThat(row[1]).isEqualTo(FakeSamples.value(300, 1));
        assertThat(files()).containsExactly(rows.file().getFileName().toString());

        FakeSamples again = new FakeSamples(500, SHAPE, "files v1").failingAt(0, 301, 499).skippingUnreadable(true);
        MappedRows reused = SampleCache.materialize(again, root, SampleCache.Progress.NONE);
        assertThat(again.reads()).isZero();
        assertThat(reused.skipped()).isEqualTo(expected);
    }

    @Test
    void aDamagedListOfSkippedRowsIsDecodedAgain() throws Exception {
        FakeSamples failing = new FakeSamples(37, SHAPE, "files v1").failingAt(5).skippingUnreadable(true);
        Path file = SampleCache.materialize(failing, root, SampleCache.Progress.NONE).file();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(f.length() - 1);
            f.write('X');
        }
        FakeSamples again = new FakeSamples(37, SHAPE, "files v1").failingAt(5).skippingUnreadable(true);
        MappedRows rows = SampleCache.materialize(again, root, SampleCache.Progress.NONE);
        assertThat(again.reads()).isEqualTo(37);
        assertThat(rows.skipped()).containsExactly(new Rows.Skipped(5, "not a PNG file"));
    }

    @Test
    void aSourceThatDoesNotSkipFailsOnItsFirstUnreadableSampleAndLeavesNothing() {
        FakeSamples failing = new FakeSamples(500, SHAPE, "files v1").failingAt(301, 499).skippingUnreadable(false);
        assertThatThrownBy(() -> SampleCache.materialize(failing, root, SampleCache.Progress.NONE, () -> false,
                tuning(1, 16 * 60, n -> { })))
                .isInstanceOf(DataException.class)
                .hasMessage("sample-301.png: not a PNG file");
        assertThat(files()).isEmpty();
    }

    @Test
    void aStopRequestedWhileDecodingLeavesNothingBehind() {
        AtomicLong decoded = new AtomicLong();
        assertThatThrownBy(() -> SampleCache.materialize(new FakeSamples(2000, SHAPE, "files v1"), root,
                (done, total) -> decoded.set(done), () -> decoded.get() > 0, tuning(2, 16 * 60, n -> { })))
                .isInstanceOf(InterruptedException.class);
        assertThat(decoded.get()).isBetween(1L, 1999L);
        assertThat(files()).isEmpty();
    }

    @Test
    void anInterruptedThreadStopsTheBuildAndLeavesNothingBehind() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> SampleCache.materialize(new FakeSamples(2000, SHAPE, "files v1"), root,
                SampleCache.Progress.NONE, () -> false, tuning(2, 16 * 60, n -> { })))
                .isInstanceOf(InterruptedException.class);
        Thread.interrupted();
        assertThat(files()).isEmpty();
    }

    @Test
    void aTruncatedCacheIsDecodedAgain() throws Exception {
        Path file = SampleCache.materialize(new FakeSamples(37, SHAPE, "files v1"), root, SampleCache.Progress.NONE)
                .file();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(f.length() - 4);
        }
        assertRebuilt(file);
    }

    @Test
    void aCacheCutInsideItsHeaderIsDecodedAgain() throws Exception {
        Path file = SampleCache.materialize(new FakeSamples(37, SHAPE, "files v1"), root, SampleCache.Progress.NONE)
                .file();
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(100);
        }
        assertRebuilt(file);
    }

    @Test
    void aCacheWithADamagedHeaderIsDecodedAgain() throws Exception {
        Path file = SampleCache.materialize(new FakeSamples(37, SHAPE, "files v1"), root, SampleCache.Progress.NONE)
                .file();
        // The count's lowest byte: the same size of file, a header whose checksum no longer holds.
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(16);
            f.write(36);
        }
        assertRebuilt(file);
    }

    /** Version 1 had no list of skipped rows: its sound files are not trusted to have none. */
    @Test
    void aSoundCacheOfFormatVersionOneIsDecodedAgain() throws Exception {
        Path file = SampleCache.file(root, "files v1");
        ByteBuffer b = ByteBuffer.allocate(RowsFile.HEADER_BYTES + 37 * 15 * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("aec-rows".getBytes(StandardCharsets.US_ASCII)).putInt(1)
                .putInt(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 1 : 2).putLong(37).putInt(2).putInt(3)
                .putInt(5).putInt(0).putInt(0).putInt(0).putInt(0).putInt(0).putInt(0)
                .put(HexFormat.of().parseHex(SampleCache.key("files v1")));
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, 92);
        b.putInt(92, (int) crc.getValue());
        b.position(RowsFile.HEADER_BYTES);
        b.order(ByteOrder.nativeOrder());
        for (int i = 0; i < 37; i++) {
            for (int j = 0; j < 15; j++) {
                b.putFloat(FakeSamples.value(i, j));
            }
        }
        Files.write(file, b.array());
        assertRebuilt(file);
    }

    @Test
    void aFileOfAnotherKindUnderTheCachesNameIsDecodedAgain() throws Exception {
        Path file = SampleCache.file(root, "files v1");
        Files.write(file, new byte[RowsFile.HEADER_BYTES + 37 * 15 * 4]);
        assertRebuilt(file);
    }

    @Test
    void aCacheOfAnotherShapeUnderTheSameFingerprintIsNotTrusted() throws Exception {
        SampleCache.materialize(new FakeSamples(37, Shape.of(15), "files v1"), root, SampleCache.Progress.NONE);
        FakeSamples reshaped = new FakeSamples(37, SHAPE, "files v1");
        MappedRows rows = SampleCache.materialize(reshaped, root, SampleCache.Progress.NONE);
        assertThat(reshaped.reads()).isEqualTo(37);
        assertHolds(rows, 37);
    }

    @Test
    void rowsOnBothSidesOfAChunkBoundaryReadWhole() throws Exception {
        // 60 bytes a row, mappings of at most 200 bytes: 3 rows each, the last of 1.
        FakeSamples samples = new FakeSamples(10, SHAPE, "files v1");
        MappedRows rows = SampleCache.materialize(samples, root, SampleCache.Progress.NONE, () -> false,
                tuning(2, 120, n -> { }, 200));
        assertThat(rows.rowsPerChunk()).isEqualTo(3);
        assertHolds(rows, 10);
        MemoryRows memory = MemoryRows.read(samples, SampleCache.Progress.NONE, () -> false);
        int[] indices = {2, 3, 5, 6, 9, 0, 8, 3};
        assertThat(RowsTest.gathered(rows, indices)).isEqualTo(RowsTest.gathered(memory, indices));
    }

    @Test
    void theDecodersHoldNoMoreBlocksThanThreads() throws Exception {
        AtomicInteger most = new AtomicInteger();
        IntConsumer probe = alive -> most.accumulateAndGet(alive, Math::max);
        // 3000 samples of 60 bytes in blocks of 4: 750 blocks through 3 threads.
        MappedRows rows = SampleCache.materialize(new FakeSamples(3000, SHAPE, "files v1"), root,
                SampleCache.Progress.NONE, () -> false, tuning(3, 240, probe));
        assertHolds(rows, 3000);
        assertThat(most.get()).isBetween(1, 3);
    }

    @Test
    void progressCountsUpToEverySample() throws Exception {
        List<Long> seen = new ArrayList<>();
        SampleCache.materialize(new FakeSamples(1000, SHAPE, "files v1"), root, (done, total) -> {
            assertThat(total).isEqualTo(1000);
            seen.add(done);
        }, () -> false, tuning(2, 600, n -> { }));
        assertThat(seen).isSorted().hasSize(100).last().isEqualTo(1000L);
    }

    @Test
    void twoBuildsOfOneSourceAtOnceBothGetTheRows() throws Exception {
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            List<Future<MappedRows>> builds = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                builds.add(two.submit(() -> SampleCache.materialize(new FakeSamples(2000, SHAPE, "files v1"), root,
                        SampleCache.Progress.NONE, () -> false, tuning(2, 600, n -> { }))));
            }
            for (Future<MappedRows> build : builds) {
                assertHolds(build.get(), 2000);
            }
        } finally {
            two.shutdown();
        }
        assertThat(files()).hasSize(1);
    }

    @Test
    void aDeadWritersTemporaryFileIsDeletedByTheNextBuild() throws Exception {
        Path dead = Files.write(root.resolve("0123.rows.99.tmp"), new byte[4096]);
        SampleCache.materialize(new FakeSamples(5, SHAPE, "files v1"), root, SampleCache.Progress.NONE);
        assertThat(dead).doesNotExist();
    }

    @Test
    void aTemporaryFileLockedByALiveProcessIsLeftAlone() throws Exception {
        Path live = Files.write(root.resolve("0123.rows.99.tmp"), new byte[4096]);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), live.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            SampleCache.materialize(new FakeSamples(5, SHAPE, "files v1"), root, SampleCache.Progress.NONE);
            assertThat(live).exists();
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        SampleCache.materialize(new FakeSamples(5, SHAPE, "files v2"), root, SampleCache.Progress.NONE);
        assertThat(live).doesNotExist();
    }

    @Test
    void aNewFileIsDeletedOnlyOnceItIsOlderThanAWriterTakesToLockIt() throws Exception {
        Path young = Files.createFile(root.resolve("0123.rows.1.new"));
        Path old = Files.createFile(root.resolve("0123.rows.2.new"));
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(SampleCache.NEW_FILE_STALE).minusSeconds(5)));
        SampleCache.materialize(new FakeSamples(5, SHAPE, "files v1"), root, SampleCache.Progress.NONE);
        assertThat(young).exists();
        assertThat(old).doesNotExist();
    }

    @Test
    void aSourceCheapToReadAndWithinTheBudgetStaysInMemory() throws Exception {
        FakeSamples cheap = new FakeSamples(37, SHAPE, "files v1").cheap(true);
        Rows rows = Rows.load(cheap, root, SampleCache.DEFAULT_MAX_BYTES, 37 * 15 * 4, SampleCache.Progress.NONE, () -> false);
        assertThat(rows).isInstanceOf(MemoryRows.class);
        assertHolds(rows, 37);
        assertThat(files()).isEmpty();
    }

    @Test
    void aSourceOverTheBudgetOrCostlyToReadIsCached() throws Exception {
        Rows big = Rows.load(new FakeSamples(37, SHAPE, "files v1").cheap(true), root, SampleCache.DEFAULT_MAX_BYTES,
                37 * 15 * 4 - 1,
                SampleCache.Progress.NONE, () -> false);
        Rows costly = Rows.load(new FakeSamples(37, SHAPE, "files v2").cheap(false), root, SampleCache.DEFAULT_MAX_BYTES,
                Rows.MEMORY_BUDGET_BYTES,
                SampleCache.Progress.NONE, () -> false);
        assertThat(big).isInstanceOf(MappedRows.class);
        assertThat(costly).isInstanceOf(MappedRows.class);
        assertHolds(costly, 37);
    }

    @Test
    void theCacheLivesBesideTheDatasetsCache() {
        Path home = Path.of("/home/someone");
        assertThat(SampleCache.defaultRoot(Map.of(), home)).isEqualTo(home.resolve(".cache/aec/samples"));
        assertThat(SampleCache.defaultRoot(Map.of("XDG_CACHE_HOME", "/var/cache/x"), home))
                .isEqualTo(Path.of("/var/cache/x/aec/samples"));
    }

    /** One cache file of 37 samples of 3x5: its header and its floats. */
    private static final long FILE_BYTES = RowsFile.HEADER_BYTES + 37L * 15 * 4;

    @Test
    void aNewFileEvictsTheLeastRecentlyUsedOthersUntilTheCacheFitsItsCap() throws Exception {
        Path a = cached("a", Duration.ofHours(3));
        Path b = cached("b", Duration.ofHours(1));
        Path c = cached("c", Duration.ofHours(2));
        // Room for two files: of the four, the two used longest ago go.
        MappedRows d = SampleCache.materialize(new FakeSamples(37, SHAPE, "d"), root, 2 * FILE_BYTES + 100,
                SampleCache.Progress.NONE, () -> false);
        assertThat(a).doesNotExist();
        assertThat(c).doesNotExist();
        assertThat(b).exists();
        assertHolds(d, 37);
        assertThat(files()).containsExactlyInAnyOrder(b.getFileName().toString(), d.file().getFileName().toString());
    }

    @Test
    void aCacheWithinItsCapKeepsEveryFile() throws Exception {
        Path a = cached("a", Duration.ofDays(300));
        Path b = cached("b", Duration.ofDays(30));
        SampleCache.materialize(new FakeSamples(37, SHAPE, "c"), root, 3 * FILE_BYTES, SampleCache.Progress.NONE,
                () -> false).close();
        assertThat(a).exists();
        assertThat(b).exists();
        assertThat(files()).hasSize(3);
    }

    @Test
    void reusingAFileMarksItUsedSoAnOlderOneIsEvictedFirst() throws Exception {
        Path a = cached("a", Duration.ofHours(3));
        Path b = cached("b", Duration.ofHours(2));
        FakeSamples again = new FakeSamples(37, SHAPE, "a");
        SampleCache.materialize(again, root, SampleCache.Progress.NONE).close();
        assertThat(again.reads()).isZero();
        assertThat(Files.getLastModifiedTime(a).toInstant()).isAfter(Instant.now().minus(Duration.ofMinutes(1)));
        SampleCache.materialize(new FakeSamples(37, SHAPE, "c"), root, 2 * FILE_BYTES, SampleCache.Progress.NONE,
                () -> false).close();
        assertThat(a).exists();
        assertThat(b).doesNotExist();
    }

    @Test
    void aFileWhoseRowsThisProcessHasOpenIsNotEvictedUntilTheyAreClosed() throws Exception {
        MappedRows open = SampleCache.materialize(new FakeSamples(37, SHAPE, "a"), root, SampleCache.Progress.NONE);
        Files.setLastModifiedTime(open.file(), FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        SampleCache.materialize(new FakeSamples(37, SHAPE, "b"), root, FILE_BYTES, SampleCache.Progress.NONE,
                () -> false).close();
        assertThat(open.file()).exists();
        assertHolds(open, 37);
        open.close();
        // The cap holds one file: the next new file evicts both the closed one and the older other.
        MappedRows c = SampleCache.materialize(new FakeSamples(37, SHAPE, "c"), root, FILE_BYTES,
                SampleCache.Progress.NONE, () -> false);
        assertThat(files()).containsExactly(c.file().getFileName().toString());
    }

    @Test
    void aFileAnotherProcessHasOpenIsNotEvicted() throws Exception {
        Path a = cached("a", Duration.ofDays(1));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LockHolder.class.getName(), a.toString(), "shared").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            SampleCache.materialize(new FakeSamples(37, SHAPE, "b"), root, FILE_BYTES, SampleCache.Progress.NONE,
                    () -> false).close();
            assertThat(a).exists();
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        SampleCache.materialize(new FakeSamples(37, SHAPE, "c"), root, FILE_BYTES, SampleCache.Progress.NONE,
                () -> false).close();
        assertThat(a).doesNotExist();
    }

    @Test
    void aFileReplacedOnDiskIsReadAnewThoughRowsOfTheOldOneAreStillOpen() throws Exception {
        MappedRows old = SampleCache.materialize(new FakeSamples(37, SHAPE, "a"), root, SampleCache.Progress.NONE);
        Files.delete(old.file());
        FakeSamples again = new FakeSamples(37, SHAPE, "a");
        MappedRows fresh = SampleCache.materialize(again, root, SampleCache.Progress.NONE);
        assertThat(again.reads()).isEqualTo(37);
        assertThat(fresh.file()).exists();
        assertHolds(fresh, 37);
        assertHolds(old, 37);
    }

    @ParameterizedTest
    @CsvSource({"'', 20000000000", "20g, 20000000000", "500m, 500000000", "1.5T, 1500000000000",
        "64k, 64000", "4096, 4096", "' 2 GB ', 2000000000"})
    void theCapIsTwentyGigabytesUnlessTheEnvironmentSetsASize(String value, long bytes) {
        assertThat(SampleCache.maxBytes(Map.of(SampleCache.MAX_VARIABLE, value))).isEqualTo(bytes);
        assertThat(SampleCache.maxBytes(Map.of())).isEqualTo(SampleCache.DEFAULT_MAX_BYTES);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "-5g", "5 gigs", "g"})
    void aCapThatIsNotASizeIsRefusedNamingTheVariable(String value) {
        assertThatThrownBy(() -> SampleCache.maxBytes(Map.of(SampleCache.MAX_VARIABLE, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(SampleCache.MAX_VARIABLE + "=" + value + ": ");
    }

    /** A cache file of 37 samples with `fingerprint`, its rows closed, last used `ago`. */
    private Path cached(String fingerprint, Duration ago) throws Exception {
        MappedRows rows = SampleCache.materialize(new FakeSamples(37, SHAPE, fingerprint), root,
                SampleCache.Progress.NONE);
        rows.close();
        assertThat(Files.size(rows.file())).isEqualTo(FILE_BYTES);
        Files.setLastModifiedTime(rows.file(), FileTime.from(Instant.now().minus(ago)));
        return rows.file();
    }

    private void assertRebuilt(Path file) throws Exception {
        FakeSamples again = new FakeSamples(37, SHAPE, "files v1");
        MappedRows rows = SampleCache.materialize(again, root, SampleCache.Progress.NONE);
        assertThat(again.reads()).isEqualTo(37);
        assertThat(rows.file()).isEqualTo(file);
        assertHolds(rows, 37);
        assertThat(Files.size(file)).isEqualTo(RowsFile.HEADER_BYTES + 37L * 15 * 4);
    }

    static void assertHolds(Rows rows, int count) {
        assertThat(rows.count()).isEqualTo(count);
        float[] row = new float[rows.width()];
        for (int i = 0; i < count; i++) {
            rows.read(i, row, 0);
            for (int j = 0; j < row.length; j++) {
                assertThat(row[j]).as("sample %d element %d", i, j).isEqualTo(FakeSamples.value(i, j));
            }
        }
    }

    private static SampleCache.Tuning tuning(int threads, int blockBytes, IntConsumer probe) {
        return tuning(threads, blockBytes, probe, MappedRows.MAX_CHUNK_BYTES);
    }

    private static SampleCache.Tuning tuning(int threads, int blockBytes, IntConsumer probe, long mapChunkBytes) {
        return new SampleCache.Tuning(threads, blockBytes, mapChunkBytes, probe);
    }

    private List<String> files() {
        try (Stream<Path> files = Files.list(root)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
