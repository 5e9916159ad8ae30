package dev.aec.runtime.data;

import static dev.aec.runtime.data.IdxFixtures.IMAGES_MAGIC;
import static dev.aec.runtime.data.IdxFixtures.LABELS_MAGIC;
import static dev.aec.runtime.data.IdxFixtures.gzip;
import static dev.aec.runtime.data.IdxFixtures.idx;
import static dev.aec.runtime.data.IdxFixtures.images;
import static dev.aec.runtime.data.IdxFixtures.labels;
import static dev.aec.runtime.data.IdxFixtures.pixels;
import static dev.aec.runtime.data.IdxFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsPlainImageFile() throws DataException {
        Path file = write(dir, "train-images-idx3-ubyte", images(2, 4, 3, 1));

        IdxFile idx = IdxReader.read(file, IdxFile.Kind.IMAGES);

        assertThat(idx.dimensions()).containsExactly(2, 4, 3);
        assertThat(idx.count()).isEqualTo(2);
        assertThat(idx.data()).isEqualTo(pixels(2, 4, 3, 1));
        assertThat(idx.name()).isEqualTo(file.toString());
    }

    @Test
    void readsGzipLabelFile() throws DataException {
        Path file = write(dir, "train-labels-idx1-ubyte.gz", gzip(labels(5, 0, 255)));

        IdxFile idx = IdxReader.read(file, IdxFile.Kind.LABELS);

        assertThat(idx.dimensions()).containsExactly(3);
        assertThat(idx.unsigned(0)).isEqualTo(5);
        assertThat(idx.unsigned(2)).isEqualTo(255);
    }

    @Test
    void detectsGzipByContentNotByName() throws DataException {
        Path gzipWithoutSuffix = write(dir, "labels", gzip(labels(1, 2)));
        Path plainWithGzSuffix = write(dir, "labels.gz", labels(1, 2));

        assertThat(IdxReader.read(gzipWithoutSuffix, IdxFile.Kind.LABELS).data()).containsExactly(1, 2);
        assertThat(IdxReader.read(plainWithGzSuffix, IdxFile.Kind.LABELS).data()).containsExactly(1, 2);
    }

    @Test
    void truncatedPixelsAreReportedWithExpectedAndFoundCounts() {
        byte[] whole = images(10, 4, 4, 0);
        Path file = write(dir, "t10k-images-idx3-ubyte", Arrays.copyOf(whole, 16 + 100));

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.IMAGES))
                .isInstanceOf(DataException.class)
                .hasMessage(file + ": truncated: expected 160 bytes of pixels, found 100");
    }

    @Test
    void truncatedGzipPayloadIsReportedLikeAPlainOne() {
        byte[] whole = labels(1, 2, 3, 4);
        Path file = write(dir, "t10k-labels-idx1-ubyte.gz", gzip(Arrays.copyOf(whole, whole.length - 1)));

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.LABELS))
                .hasMessage(file + ": truncated: expected 4 bytes of labels, found 3");
    }

    @Test
    void truncatedHeaderIsReported() {
        Path file = write(dir, "short", Arrays.copyOf(images(1, 2, 2, 0), 10));

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.IMAGES))
                .hasMessage(file + ": truncated: the header ends after 10 bytes, expected 16");
    }

    @Test
    void emptyFileIsReported() {
        Path file = write(dir, "empty", new byte[0]);

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.LABELS))
                .hasMessage(file + ": empty file: expected an IDX header");
    }

    @Test
    void trailingGarbageIsReportedWithItsLength() {
        byte[] whole = images(1, 2, 2, 0);
        byte[] withGarbage = Arrays.copyOf(whole, whole.length + 3);
        Path file = write(dir, "train-images-idx3-ubyte", withGarbage);

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.IMAGES))
                .hasMessage(file + ": trailing garbage: 3 bytes after the 4 bytes of pixels");
    }

    @Test
    void trailingGarbageInsideGzipIsReported() {
        byte[] whole = labels(1, 2);
        Path file = write(dir, "labels.gz", gzip(Arrays.copyOf(whole, whole.length + 1)));

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.LABELS))
                .hasMessageContaining("trailing garbage: 1 byte after the 2 bytes of labels");
    }

    @Test
    void fileThatIsNotIdxIsRejectedByItsMagicNumber() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0};
        Path file = write(dir, "picture.png", png);

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.IMAGES))
                .hasMessage(file + ": not an IDX file: it starts with 0x89504e47, expected the magic number 0x00000803");
    }

    @Test
    void labelFileGivenForImagesIsNamedAsSuch() {
        Path file = write(dir, "train-labels-idx1-ubyte", labels(1, 2, 3));

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.IMAGES))
                .hasMessage(file + ": expected images (magic number 0x00000803), found labels (magic number 0x00000801)");
    }

    @Test
    void nonByteDataTypeIsRejected() {
        Path file = write(dir, "floats", idx(0x00000d03, new int[] {1, 1, 1}, new byte[4]));

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.IMAGES))
                .hasMessage(file + ": unsupported IDX data type 0x0d: only unsigned bytes (0x08) are supported");
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @CsvSource({"0, 28, 28", "10, 0, 28", "10, 28, -1", "-5, 28, 28"})
    void nonPositiveDimensionsAreRejected(int count, int rows, int columns) {
        Path file = write(dir, "bad-dims", idx(IMAGES_MAGIC, new int[] {count, rows, columns}, new byte[0]));

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.IMAGES))
                .hasMessage(file + ": invalid dimensions " + count + "x" + rows + "x" + columns
                        + ": every dimension must be positive");
    }

    @Test
    void zeroLabelCountIsRejected() {
        Path file = write(dir, "no-labels", idx(LABELS_MAGIC, new int[] {0}, new byte[0]));

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.LABELS))
                .hasMessageContaining("invalid dimensions 0: every dimension must be positive");
    }

    @Test
    void absurdDimensionsAreRejectedBeforeAnyAllocation() {
        Path file = write(dir, "huge", idx(IMAGES_MAGIC, new int[] {100_000, 10_000, 10_000}, new byte[8]));

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.IMAGES))
                .hasMessageStartingWith(file + ": dimensions 100000x10000x10000 announce 10000000000000 bytes of pixels")
                .hasMessageContaining("more than the");
    }

    @Test
    void largeButLegalHeaderOnATinyGzipFailsAsTruncated() {
        Path file = write(dir, "liar.gz", gzip(idx(IMAGES_MAGIC, new int[] {500_000, 32, 32}, new byte[10])));

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.IMAGES))
                .hasMessage(file + ": truncated: expected 512000000 bytes of pixels, found 10");
    }

    @Test
    void corruptGzipDataIsReportedAsSuch() {
        byte[] compressed = gzip(images(3, 8, 8, 2));
        for (int i = 12; i < compressed.length - 8; i++) {
            compressed[i] = (byte) 0xff;
        }
        Path file = write(dir, "train-images-idx3-ubyte.gz", compressed);

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.IMAGES))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(file + ": corrupt gzip data (");
    }

    @Test
    void gzipWithWrongChecksumIsReportedAsCorrupt() {
        byte[] compressed = gzip(labels(1, 2, 3));
        compressed[compressed.length - 8] ^= 0x01;
        Path file = write(dir, "labels.gz", compressed);

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.LABELS))
                .hasMessageStartingWith(file + ": corrupt gzip data (");
    }

    @Test
    void gzipCutShortIsReportedAsTruncatedGzip() {
        byte[] compressed = gzip(images(3, 8, 8, 2));
        Path file = write(dir, "cut.gz", Arrays.copyOf(compressed, compressed.length / 2));

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.IMAGES))
                .hasMessage(file + ": truncated gzip data: the compressed stream ends early");
    }

    @Test
    void missingFileIsReportedWithoutAStackOfJargon() {
        Path file = dir.resolve("absent-idx1-ubyte");

        assertThatThrownBy(() -> IdxReader.read(file, IdxFile.Kind.LABELS))
                .isInstanceOf(DataException.class)
                .hasMessage(file + ": no such file");
    }
}
