package dev.aec.runtime.data.source;

import static dev.aec.runtime.data.source.SourceFixtures.encode;
import static dev.aec.runtime.data.source.SourceFixtures.gzip;
import static dev.aec.runtime.data.source.SourceFixtures.idx;
import static dev.aec.runtime.data.source.SourceFixtures.read;
import static dev.aec.runtime.data.source.SourceFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.data.DataSource.Scale;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdxSamplesTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "type 0x{0} as {1}, gzip: {2}")
    @CsvSource({"09, >i1, false", "0b, >i2, false", "0c, >i4, true", "0d, >f4, false", "0e, >f8, true"})
    void readsEveryElementTypeAsItsValues(String type, String descr, boolean gzipped) throws DataException {
        byte[] file = idx(Integer.parseInt(type, 16), new int[] {2, 2, 2}, encode(descr, -3, 0, 1, 2, 5, 6, 7, 100));
        Path path = write(dir, "x.idx", gzipped ? gzip(file) : file);

        try (Samples samples = IdxSamples.open(path, Optional.empty())) {
            assertThat(samples.count()).isEqualTo(2);
            assertThat(samples.sampleShape()).isEqualTo(Shape.of(2, 2));
            assertThat(read(samples, 1)).containsExactly(5f, 6f, 7f, 100f);
            assertThat(read(samples, 0)).containsExactly(-3f, 0f, 1f, 2f);
        }
    }

    @ParameterizedTest(name = "gzip: {0}")
    @ValueSource(booleans = {false, true})
    void unsignedBytesArePixelsByDefault(boolean gzipped) throws DataException {
        byte[] file = idx(0x08, new int[] {1, 2, 2}, encode("|u1", 0, 51, 255, 128));
        Path path = write(dir, "train-images-idx3-ubyte", gzipped ? gzip(file) : file);

        try (Samples samples = IdxSamples.open(path, Optional.empty())) {
            assertThat(read(samples, 0)).containsExactly(0f, 51 / 255f, 1f, 128 / 255f);
        }
        try (Samples samples = IdxSamples.open(path, Optional.of(Scale.NONE))) {
            assertThat(read(samples, 0)).containsExactly(0f, 51f, 255f, 128f);
        }
    }

    @Test
    void rankOneFileReadsAsSamplesOfShapeOne() throws DataException {
        Path path = write(dir, "labels-idx1-ubyte", idx(0x08, new int[] {3}, encode("|u1", 4, 1, 9)));

        try (Samples samples = IdxSamples.open(path, Optional.of(Scale.NONE))) {
            assertThat(samples.sampleShape()).isEqualTo(Shape.of(1));
            assertThat(read(samples, 2)).containsExactly(9f);
        }
    }

    @Test
    void truncatedDataIsReported() {
        byte[] file = idx(0x0d, new int[] {2, 3}, encode(">f4", 1, 2, 3, 4, 5, 6));
        Path path = write(dir, "x.idx", Arrays.copyOf(file, file.length - 4));

        assertThatThrownBy(() -> IdxSamples.open(path, Optional.empty()))
                .hasMessage(path + ": truncated: dimensions 2x3 need 24 bytes of data, found 20");
    }

    @Test
    void truncatedGzipDataIsReportedLikeAPlainFile() {
        byte[] file = idx(0x0d, new int[] {2, 3}, encode(">f4", 1, 2, 3, 4, 5, 6));
        Path path = write(dir, "x.idx.gz", gzip(Arrays.copyOf(file, file.length - 4)));

        assertThatThrownBy(() -> IdxSamples.open(path, Optional.empty()))
                .hasMessage(path + ": truncated: dimensions 2x3 need 24 bytes of data, found 20");
    }

    @ParameterizedTest(name = "gzip: {0}")
    @ValueSource(booleans = {false, true})
    void trailingGarbageIsReported(boolean gzipped) {
        byte[] file = Arrays.copyOf(idx(0x08, new int[] {2}, new byte[] {1, 2}), 12);
        Path path = write(dir, "x.idx", gzipped ? gzip(file) : file);

        assertThatThrownBy(() -> IdxSamples.open(path, Optional.empty()))
                .hasMessage(path + ": trailing garbage: 2 bytes after the 2 bytes of data that dimensions 2 need");
    }

    @Test
    void unsupportedTypeListsTheSupportedOnes() {
        Path path = write(dir, "x.idx", idx(0x0a, new int[] {1}, new byte[] {1}));

        assertThatThrownBy(() -> IdxSamples.open(path, Optional.empty()))
                .hasMessage(path + ": unsupported IDX data type 0x0a: aec reads 0x08 (unsigned byte), 0x09 (signed byte), "
                        + "0x0b (short), 0x0c (int), 0x0d (float) and 0x0e (double)");
    }

    @Test
    void notAnIdxFileShowsItsFirstBytes() {
        Path path = write(dir, "x.idx", "1,2,3\n");

        assertThatThrownBy(() -> IdxSamples.open(path, Optional.empty()))
                .hasMessage(path + ": not an IDX file: it starts with 0x312c322c, expected two zero bytes");
    }

    @Test
    void zeroDimensionIsRefused() {
        Path path = write(dir, "x.idx", idx(0x08, new int[] {2, 0}, new byte[0]));

        assertThatThrownBy(() -> IdxSamples.open(path, Optional.empty()))
                .hasMessage(path + ": invalid dimensions 2x0: every dimension must be positive");
    }

    @Test
    void nonFiniteFloatNamesTheSample() throws DataException {
        Path path = write(dir, "x.idx", idx(0x0d, new int[] {2, 2}, encode(">f4", 0, 0, 0, Double.NaN)));

        try (Samples samples = IdxSamples.open(path, Optional.empty())) {
            assertThatThrownBy(() -> read(samples, 1)).hasMessage(path + ": sample 1 holds NaN at [1]");
        }
    }

    @Test
    void probeReadsTheHeaderAndChecksThePlainFilesLength() throws DataException {
        Path path = write(dir, "x.idx", idx(0x08, new int[] {5, 3, 4}, new byte[60]));

        IdxSamples.Header header = IdxSamples.probe(path);

        assertThat(header.count()).isEqualTo(5);
        assertThat(header.sampleShape()).isEqualTo(Shape.of(3, 4));
    }
}
