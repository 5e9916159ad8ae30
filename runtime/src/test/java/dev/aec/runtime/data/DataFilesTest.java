package dev.aec.runtime.data;

import static dev.aec.runtime.data.IdxFixtures.IMAGES_MAGIC;
import static dev.aec.runtime.data.IdxFixtures.idx;
import static dev.aec.runtime.data.IdxFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data files of every wrong kind, through the readers `aec train` and `aec eval` use: each is a
 * {@link DataException} naming the file and what is wrong with it, never another exception.
 */
class DataFilesTest {

    private static final DownloadSettings FAST = new DownloadSettings(
            Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(10));

    /** The tiny fixtures' images are 4x3 and their labels digits: the format of a "tiny" dataset. */
    private static final DatasetSpec.Format TINY = new DatasetSpec.Format(IdxFixtures.Tiny.ROWS, IdxFixtures.Tiny.COLUMNS, 10);

    @TempDir
    Path dir;

    private final IdxFixtures.Tiny tiny = IdxFixtures.Tiny.create(1);
    private final DatasetSpec spec = tiny.spec(List.of()).withFormat(TINY);

    private DatasetResolver resolver() {
        return new DatasetResolver(Map.of(), dir.resolve("cache"), FAST);
    }

    /** What `--data DIR --no-verify` reads. */
    private Dataset readUnverified(Path data, Split split) throws DataException {
        return Dataset.read(resolver().unverified(spec, data), split);
    }

    @Test
    void imagesOfAnotherSizeThanTheModelTakesAreADataError() {
        Path data = tiny.writeTo(dir.resolve("data"), false);
        write(data, "train-images-idx3-ubyte", IdxFixtures.images(5, 32, 32, 1));

        assertThatThrownBy(() -> readUnverified(data, Split.TRAIN))
                .isInstanceOf(DataException.class)
                .hasMessage(data.resolve("train-images-idx3-ubyte") + ": images are 32x32, expected 4x3: the model takes"
                        + " tiny images, which are 4x3");
    }

    @Test
    void realDatasetFormatIsTheLanguagesSampleShape() {
        assertThat(DatasetSpec.mnist().format()).contains(new DatasetSpec.Format(28, 28, 10));
        assertThat(DatasetSpec.fashionMnist().format()).contains(new DatasetSpec.Format(28, 28, 10));
    }

    @Test
    void labelOutsideTheClassesIsADataError() {
        Path data = tiny.writeTo(dir.resolve("data"), false);
        write(data, "t10k-labels-idx1-ubyte", IdxFixtures.labels(7, 12, 3));

        assertThatThrownBy(() -> readUnverified(data, Split.TEST))
                .isInstanceOf(DataException.class)
                .hasMessage(data.resolve("t10k-labels-idx1-ubyte") + ": label 12 of item 1 is out of range: tiny has 10"
                        + " classes, labelled 0 to 9");
    }

    @Test
    void datasetWithoutAFormatTakesAnySizeAndAnyLabel() throws DataException {
        Path data = tiny.writeTo(dir.resolve("data"), false);
        write(data, "t10k-images-idx3-ubyte", IdxFixtures.images(3, 32, 32, 1));
        write(data, "t10k-labels-idx1-ubyte", IdxFixtures.labels(7, 200, 3));

        Dataset test = Dataset.read(resolver().unverified(tiny.spec(List.of()), data), Split.TEST);

        assertThat(test.shape()).isEqualTo(new ImageShape(32, 32, 1));
        assertThat(test.labels()).containsExactly(7, 200, 3);
    }

    @Test
    void moreLabelsThanImagesIsADataError() {
        Path data = tiny.writeTo(dir.resolve("data"), true);
        write(data, "train-labels-idx1-ubyte.gz", IdxFixtures.gzip(IdxFixtures.labels(1, 2, 3, 4, 5, 6)));

        assertThatThrownBy(() -> readUnverified(data, Split.TRAIN))
                .isInstanceOf(DataException.class)
                .hasMessage(data.resolve("train-labels-idx1-ubyte.gz") + ": holds 6 labels but "
                        + data.resolve("train-images-idx3-ubyte.gz") + " holds 5 images");
    }

    @Test
    void dimensionsWhoseProductOverflowsALongAreRefusedNotWrappedAround() {
        // Each header announces, modulo 2^64, exactly the payload that follows it: 3 x (2^31-1)^2
        // wraps to a negative long whose low 32 bits are 3; 2^21 x 2^21 x 2^22 wraps to 0.
        int[][] headers = {{3, Integer.MAX_VALUE, Integer.MAX_VALUE}, {1 << 21, 1 << 21, 1 << 22}};
        int[] payloads = {3, 0};
        for (int i = 0; i < headers.length; i++) {
            Path file = write(dir, "huge", idx(IMAGES_MAGIC, headers[i], new byte[payloads[i]]));

            assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.IMAGES))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("bytes of pixels, more than the " + IdxReader.MAX_PAYLOAD_BYTES);
        }
    }

    @Test
    void directoryWhereAFileShouldBeIsNamedAsSuch() throws IOException {
        Path data = tiny.writeTo(dir.resolve("data"), false);
        Files.delete(data.resolve("train-images-idx3-ubyte"));
        Files.createDirectory(data.resolve("train-images-idx3-ubyte"));

        assertThatThrownBy(() -> resolver().unverified(spec, data))
                .isInstanceOf(DataException.class)
                .hasMessage(data.resolve("train-images-idx3-ubyte") + ": is a directory, expected the IDX file"
                        + " train-images-idx3-ubyte[.gz]");
        assertThatThrownBy(() -> resolver().resolve(spec, Optional.of(data), DownloadListener.NONE))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void symbolicLinkLoopIsNamedAsSuch() throws IOException {
        Path data = tiny.writeTo(dir.resolve("data"), false);
        Path link = data.resolve("t10k-labels-idx1-ubyte");
        Files.delete(link);
        Files.createSymbolicLink(link, link.getFileName());

        assertThatThrownBy(() -> readUnverified(data, Split.TEST))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(link + ": is a symbolic link that cannot be followed (")
                .hasMessageContaining("symbolic links");
    }

    @Test
    void symbolicLinkToNothingIsNamedAsSuch() throws IOException {
        Path data = tiny.writeTo(dir.resolve("data"), false);
        Path link = data.resolve("t10k-labels-idx1-ubyte");
        Files.delete(link);
        Files.createSymbolicLink(link, dir.resolve("gone"));

        assertThatThrownBy(() -> resolver().resolve(spec, Optional.of(data), DownloadListener.NONE))
                .isInstanceOf(DataException.class)
                .hasMessage(link + ": is a symbolic link to a file that does not exist");
    }

    @Test
    void namedPipeWhereAFileShouldBeIsNeverOpened() throws Exception {
        Path data = tiny.writeTo(dir.resolve("data"), false);
        Path fifo = data.resolve("train-images-idx3-ubyte");
        Files.delete(fifo);
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "needs mkfifo");
            return;
        }
        assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");

        // Opening a pipe nobody writes to would block for ever; the test would hang, not fail.
        assertThatThrownBy(() -> readUnverified(data, Split.TRAIN))
                .isInstanceOf(DataException.class)
                .hasMessage(fifo + ": is not a regular file (a device, pipe or socket), expected the IDX file"
                        + " train-images-idx3-ubyte[.gz]");
    }

    @Test
    void unreadableFileIsPermissionDenied() throws IOException {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads every file");
        Path data = tiny.writeTo(dir.resolve("data"), false);
        Path file = data.resolve("train-labels-idx1-ubyte");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("-w-------"));

        assertThatThrownBy(() -> readUnverified(data, Split.TRAIN))
                .isInstanceOf(DataException.class)
                .hasMessage(file + ": permission denied");
        assertThatThrownBy(() -> resolver().resolve(spec, Optional.of(data), DownloadListener.NONE))
                .isInstanceOf(DataException.class)
                .hasMessage(file + ": permission denied");
    }

    @Test
    void directoryInTheCacheWhereAFileShouldBeIsReportedBeforeAnyDownload() throws IOException {
        Path cache = tiny.writeTo(dir.resolve("cache/tiny"), true);
        Files.delete(cache.resolve("train-labels-idx1-ubyte.gz"));
        Files.createDirectories(cache.resolve("train-labels-idx1-ubyte.gz/inside"));
        DownloadSource refusing = new DownloadSource.Mirror(MirrorServer.refusingUri());

        assertThatThrownBy(() -> resolver().resolve(spec.withSources(List.of(refusing)), Optional.empty(),
                DownloadListener.NONE))
                .isInstanceOf(DataException.class)
                .hasMessage(cache.resolve("train-labels-idx1-ubyte.gz") + ": is a directory, expected the IDX file"
                        + " train-labels-idx1-ubyte[.gz]");
        assertThat(cache.resolve("train-labels-idx1-ubyte.gz/inside")).isDirectory();
    }
}
