package dev.aec.runtime.data.source;

import static dev.aec.runtime.data.source.SourceFixtures.dict;
import static dev.aec.runtime.data.source.SourceFixtures.encode;
import static dev.aec.runtime.data.source.SourceFixtures.npy;
import static dev.aec.runtime.data.source.SourceFixtures.npz;
import static dev.aec.runtime.data.source.SourceFixtures.read;
import static dev.aec.runtime.data.source.SourceFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.data.DataSource.Scale;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class NpyFileTest {

    @TempDir
    Path dir;

    private static final double[] VALUES = {1.5, -2, 0.25, 3, 100, -0.5};

    @ParameterizedTest(name = "{0} in format {1}.0")
    @CsvSource({"<f4, 1", ">f4, 1", "<f8, 1", ">f8, 1", "<f4, 2", ">f8, 3"})
    void readsEveryFloatDtypeInEveryFormatVersion(String descr, int major) throws DataException {
        Path file = write(dir, "x.npy", npy(major, dict(descr, false, new long[] {2, 3}), encode(descr, VALUES)));

        try (Samples samples = NpyFile.open(file, Optional.empty(), Optional.empty())) {
            assertThat(samples.count()).isEqualTo(2);
            assertThat(samples.sampleShape()).isEqualTo(Shape.of(3));
            assertThat(read(samples, 0)).containsExactly(1.5f, -2f, 0.25f);
            assertThat(read(samples, 1)).containsExactly(3f, 100f, -0.5f);
        }
    }

    @Test
    void unsignedBytesArePixelsByDefault() throws DataException {
        Path file = write(dir, "x.npy", npy("|u1", new long[] {1, 2, 2}, encode("|u1", 0, 51, 255, 128)));

        try (Samples samples = NpyFile.open(file, Optional.empty(), Optional.empty())) {
            assertThat(samples.sampleShape()).isEqualTo(Shape.of(2, 2));
            assertThat(read(samples, 0)).containsExactly(0f, 51 / 255f, 1f, 128 / 255f);
        }
    }

    @Test
    void unsignedBytesKeepTheirValuesWithScaleNone() throws DataException {
        Path file = write(dir, "x.npy", npy("|u1", new long[] {1, 2}, encode("|u1", 7, 255)));

        try (Samples samples = NpyFile.open(file, Optional.empty(), Optional.of(Scale.NONE))) {
            assertThat(read(samples, 0)).containsExactly(7f, 255f);
        }
    }

    @Test
    void signedBytesKeepTheirSignedValues() throws DataException {
        Path file = write(dir, "x.npy", npy("|i1", new long[] {1, 3}, encode("|i1", -128, 0, 127)));

        try (Samples samples = NpyFile.open(file, Optional.empty(), Optional.empty())) {
            assertThat(read(samples, 0)).containsExactly(-128f, 0f, 127f);
        }
    }

    @Test
    void floatsAreDividedBy255OnlyWhenScaleIsPixels() throws DataException {
        Path file = write(dir, "x.npy", npy("<f4", new long[] {1, 1}, encode("<f4", 51)));

        try (Samples samples = NpyFile.open(file, Optional.empty(), Optional.of(Scale.PIXELS))) {
            assertThat(read(samples, 0)).containsExactly(51f / 255f);
        }
        try (Samples samples = NpyFile.open(file, Optional.empty(), Optional.of(Scale.STANDARD))) {
            assertThat(read(samples, 0)).containsExactly(51f);
        }
    }

    @Test
    void rankOneArrayReadsAsSamplesOfShapeOne() throws DataException {
        Path file = write(dir, "x.npy", npy("<f8", new long[] {3}, encode("<f8", 1, 2, 3)));

        try (Samples samples = NpyFile.open(file, Optional.empty(), Optional.empty())) {
            assertThat(samples.count()).isEqualTo(3);
            assertThat(samples.sampleShape()).isEqualTo(Shape.of(1));
            assertThat(read(samples, 2)).containsExactly(3f);
            assertThat(samples.name(2)).isEqualTo("sample 2");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
        "{\"descr\": \"<f4\", \"fortran_order\": False, \"shape\": (2, 3)}",
        "{'shape': (2L, 3L), 'fortran_order': False, 'descr': '<f4'}",
        "{ 'descr' : '<f4' ,\n 'fortran_order':False,'shape':( 2 , 3 , ) , }",
        "{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3]}",
    })
    void headersWrittenByOtherToolsAreRead(String header) throws DataException {
        Path file = write(dir, "x.npy", npy(1, header, encode("<f4", VALUES)));

        try (Samples samples = NpyFile.open(file, Optional.empty(), Optional.empty())) {
            assertThat(samples.sampleShape()).isEqualTo(Shape.of(3));
            assertThat(read(samples, 1)).containsExactly(3f, 100f, -0.5f);
        }
    }

    @Test
    void fortranOrderIsRefusedWithTheFix() {
        Path file = write(dir, "f.npy", npy(1, dict("<f4", true, new long[] {2, 3}), encode("<f4", VALUES)));

        assertThatThrownBy(() -> NpyFile.open(file, Optional.empty(), Optional.empty()))
                .hasMessage(file + ": the array of shape (2, 3) is stored in Fortran order (column-major); aec reads C order")
                .satisfies(e -> assertThat(((DataException) e).help()).hasValue("save `np.ascontiguousarray(x)` instead of `x`"));
    }

    @Test
    void fortranOrderOfAColumnIsTheSameBytesAndIsRead() throws DataException {
        Path file = write(dir, "f.npy", npy(1, dict("<f4", true, new long[] {3, 1}), encode("<f4", 1, 2, 3)));

        try (Samples samples = NpyFile.open(file, Optional.empty(), Optional.empty())) {
            assertThat(read(samples, 1)).containsExactly(2f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"<i8", "<f2", "<c8", "|b1", "<U3", "=f4"})
    void unsupportedDtypeListsTheSupportedOnes(String descr) {
        Path file = write(dir, "x.npy", npy(descr, new long[] {1, 1}, new byte[8]));

        assertThatThrownBy(() -> NpyFile.open(file, Optional.empty(), Optional.empty()))
                .hasMessage(file + ": unsupported dtype `" + descr + "`: aec reads <f4, >f4, <f8, >f8, |u1 and |i1")
                .satisfies(e -> assertThat(((DataException) e).help()).hasValueSatisfying(h -> assertThat(h).contains("astype")));
    }

    @Test
    void truncatedDataSaysHowMuchIsMissing() {
        byte[] whole = npy("<f4", new long[] {2, 3}, encode("<f4", VALUES));
        Path file = write(dir, "x.npy", Arrays.copyOf(whole, whole.length - 4));

        assertThatThrownBy(() -> NpyFile.open(file, Optional.empty(), Optional.empty()))
                .hasMessage(file + ": truncated: shape (2, 3) of <f4 needs 24 bytes of data, the file holds 20");
    }

    @Test
    void trailingGarbageIsRefused() {
        byte[] whole = npy("<f4", new long[] {2, 3}, encode("<f4", VALUES));
        Path file = write(dir, "x.npy", Arrays.copyOf(whole, whole.length + 3));

        assertThatThrownBy(() -> NpyFile.open(file, Optional.empty(), Optional.empty()))
                .hasMessage(file + ": trailing garbage: 3 bytes after the 24 bytes of data that shape (2, 3) of <f4 needs");
    }

    @ParameterizedTest
    @CsvSource({"<f4, NaN, NaN", ">f8, Infinity, +inf", "<f8, 1e300, '1.0E300, too large for a 32-bit float,'"})
    void nonFiniteValueNamesTheSampleAndPosition(String descr, double bad, String shown) throws DataException {
        Path file = write(dir, "x.npy", npy(descr, new long[] {3, 2, 2}, encode(descr,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, bad, 0)));

        try (Samples samples = NpyFile.open(file, Optional.empty(), Optional.empty())) {
            assertThat(read(samples, 0)).containsOnly(0f);
            assertThatThrownBy(() -> read(samples, 2))
                    .hasMessage(file + ": sample 2 holds " + shown + " at [1, 0]");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '#', value = {
        "{'descr': '<f4', 'fortran_order': False}"
                + "# malformed NPY header: expected the keys 'descr', 'fortran_order' and 'shape', found 'descr', 'fortran_order'",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1}"
                + "# malformed NPY header: expected the keys 'descr', 'fortran_order' and 'shape', found 'descr', 'fortran_order', 'shape', 'x'",
        "{'descr': '<f4' 'fortran_order': False, 'shape': (2, 3)}"
                + "# malformed NPY header at character 17: expected `,` or `}` in `{'descr': '<f4' 'fortran_order': False, 'shape': (2, 3)}`",
        "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2, 3)}"
                + "# malformed NPY header at character 35: unexpected `M` in `{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2, 3)}`",
        "{'descr': '<f4', 'fortran_order': False, 'shape': ('2', 3)}"
                + "# malformed NPY header: 'shape' is not a tuple of integers in `{'descr': '<f4', 'fortran_order': False, 'shape': ('2', 3)}`",
        "{'descr': '<f4', 'fortran_order': False, 'shape': ()}# a single number (shape ()), not an array of samples",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3)}# the array of shape (0, 3) holds no samples",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 0)}"
                + "# the array of shape (2, 0) has an empty dimension: every sample would be empty",
        "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,)}"
                + "# a structured array (a dtype of named fields): aec reads plain numeric arrays of <f4, >f4, <f8, >f8, |u1 and |i1",
    })
    void badHeadersAreReportedWithWhatIsWrong(String header, String problem) {
        Path file = write(dir, "x.npy", npy(1, header, new byte[0]));

        assertThatThrownBy(() -> NpyFile.open(file, Optional.empty(), Optional.empty()))
                .hasMessage(file + ": " + problem);
    }

    @Test
    void fileThatIsNotNpyShowsItsFirstBytes() {
        Path file = write(dir, "x.npy", "a,b\n1,2\n");

        assertThatThrownBy(() -> NpyFile.open(file, Optional.empty(), Optional.empty()))
                .hasMessage(file + ": not an NPY array: it starts with 61 2c 62 0a 31 2c, expected the magic string \\x93NUMPY");
    }

    @Test
    void unknownFormatVersionIsRefused() {
        byte[] bytes = npy("<f4", new long[] {1, 1}, encode("<f4", 1));
        bytes[6] = 4;
        Path file = write(dir, "x.npy", bytes);

        assertThatThrownBy(() -> NpyFile.open(file, Optional.empty(), Optional.empty()))
                .hasMessage(file + ": unsupported NPY format version 4.0: aec reads versions 1.0, 2.0 and 3.0");
    }

    @Test
    void headerCutShortIsTruncated() {
        Path file = write(dir, "x.npy", Arrays.copyOf(npy("<f4", new long[] {1, 1}, encode("<f4", 1)), 30));

        assertThatThrownBy(() -> NpyFile.open(file, Optional.empty(), Optional.empty()))
                .hasMessage(file + ": truncated: the NPY header announces 118 bytes, the file ends after 20");
    }

    @Test
    void missingFileIsReported() {
        Path file = dir.resolve("absent.npy");

        assertThatThrownBy(() -> NpyFile.open(file, Optional.empty(), Optional.empty()))
                .hasMessage(file + ": no such file");
    }

    @Test
    void readsFromManyThreadsAtOnce() throws Exception {
        int count = 200;
        double[] values = IntStream.range(0, count * 4).asDoubleStream().toArray();
        Path file = write(dir, "x.npy", npy(">f4", new long[] {count, 4}, encode(">f4", values)));

        try (Samples samples = NpyFile.open(file, Optional.empty(), Optional.empty())) {
            IntStream.range(0, count).parallel().forEach(i -> {
                try {
                    assertThat(read(samples, i)).containsExactly(4 * i, 4 * i + 1, 4 * i + 2, 4 * i + 3);
                } catch (DataException e) {
                    throw new AssertionError(e);
                }
            });
        }
    }

    @ParameterizedTest(name = "deflated: {0}")
    @ValueSource(booleans = {false, true})
    void readsTheNamedArrayOfAnNpz(boolean deflated) throws DataException {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("x_train", npy("<f4", new long[] {2, 3}, encode("<f4", VALUES)));
        arrays.put("y_train", npy("|u1", new long[] {2}, encode("|u1", 1, 0)));
        Path file = write(dir, "data.npz", npz(arrays, deflated));

        assertThat(NpyFile.arrays(file)).containsExactly("x_train", "y_train");
        try (Samples samples = NpyFile.open(file, Optional.of("x_train"), Optional.empty())) {
            assertThat(samples.sampleShape()).isEqualTo(Shape.of(3));
            assertThat(read(samples, 1)).containsExactly(3f, 100f, -0.5f);
        }
        try (Samples samples = NpyFile.open(file, Optional.of("y_train.npy"), Optional.of(Scale.NONE))) {
            assertThat(read(samples, 0)).containsExactly(1f);
        }
    }

    @Test
    void theOnlyArrayOfAnNpzNeedsNoName() throws DataException {
        Path file = write(dir, "one.npz", npz(Map.of("arr_0", npy("<f4", new long[] {1, 2}, encode("<f4", 1, 2))), true));

        try (Samples samples = NpyFile.open(file, Optional.empty(), Optional.empty())) {
            assertThat(read(samples, 0)).containsExactly(1f, 2f);
        }
    }

    @Test
    void missingArrayListsTheArchivesArrays() {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("x_train", npy("<f4", new long[] {1, 1}, encode("<f4", 1)));
        arrays.put("x_test", npy("<f4", new long[] {1, 1}, encode("<f4", 1)));
        Path file = write(dir, "data.npz", npz(arrays, false));

        assertThatThrownBy(() -> NpyFile.open(file, Optional.of("x_val"), Optional.empty()))
                .hasMessage(file + ": no array `x_val` in the archive; it holds `x_train`, `x_test`");
        assertThatThrownBy(() -> NpyFile.open(file, Optional.empty(), Optional.empty()))
                .hasMessage(file + ": the archive holds 2 arrays (`x_train`, `x_test`); which one?")
                .satisfies(e -> assertThat(((DataException) e).help()).hasValue("name one, e.g. `array: \"x_train\"`"));
    }

    @Test
    void problemsInsideAnNpzNameTheArray() {
        byte[] inner = npy("<f4", new long[] {2, 3}, encode("<f4", VALUES));
        Path file = write(dir, "data.npz", npz(Map.of("x", Arrays.copyOf(inner, inner.length - 4)), true));

        assertThatThrownBy(() -> NpyFile.open(file, Optional.of("x"), Optional.empty()))
                .hasMessage(file + ": array `x`: truncated: shape (2, 3) of <f4 needs 24 bytes of data, the entry holds 20");
    }

    @Test
    void damagedDeflatedDataIsCaught() {
        byte[] zip = npz(Map.of("x", npy("<f4", new long[] {64, 4}, new byte[1024])), true);
        byte[] damaged = zip.clone();
        // Past the local header and the start of the deflate stream: somewhere in the compressed data.
        damaged[60] ^= 0x55;
        Path file = write(dir, "data.npz", damaged);

        assertThatThrownBy(() -> NpyFile.open(file, Optional.of("x"), Optional.empty()))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith(file + ": array `x`: ");
    }

    @Test
    void truncatedNpzHasNoDirectory() {
        byte[] zip = npz(Map.of("x", npy("<f4", new long[] {1, 1}, encode("<f4", 1))), false);
        Path file = write(dir, "data.npz", Arrays.copyOf(zip, zip.length - 30));

        assertThatThrownBy(() -> NpyFile.open(file, Optional.of("x"), Optional.empty()))
                .hasMessage(file + ": not an `.npz` archive: no zip directory at its end (is it truncated?)");
    }

    @Test
    void arrayNameOnAPlainNpyIsAMistake() {
        Path file = write(dir, "x.npy", npy("<f4", new long[] {1, 1}, encode("<f4", 1)));

        assertThatThrownBy(() -> NpyFile.open(file, Optional.of("x"), Optional.empty()))
                .hasMessage(file + ": `array: \"x\"` names an array of an `.npz` archive, but this file is a single `.npy` array");
    }

    @Test
    void largeInflatedDataGoesToATemporaryFileDeletedOnClose() throws Exception {
        byte[] data = new byte[4096];
        Arrays.fill(data, (byte) 7);
        Region region = Inflation.copy(new ByteArrayInputStream(data), data.length, 1024);

        assertThat(region.inMemory()).isFalse();
        java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(2);
        region.read(4094, one);
        assertThat(one.array()).containsExactly(7, 7);
        long before = countTemporaryFiles();
        region.close();
        assertThat(countTemporaryFiles()).isEqualTo(before - 1);
    }

    private static long countTemporaryFiles() throws java.io.IOException {
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(f -> f.getFileName().toString().startsWith("aec-inflated-")).count();
        }
    }
}
