package dev.aec.runtime.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TarReaderTest {

    private static final String LONG_DIRECTORY = "package/" + "a".repeat(60) + "/" + "b".repeat(60) + "/long-named-file.txt";
    private static final String LONG_NAME = "package/" + "c".repeat(120) + ".txt";

    /** Reads every regular file of a .tgz into name -> content. */
    private static Map<String, String> regularFiles(InputStream tgz) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        TarReader tar = new TarReader(new GZIPInputStream(tgz));
        for (Optional<TarReader.Entry> entry = tar.next(); entry.isPresent(); entry = tar.next()) {
            if (entry.get().regularFile()) {
                files.put(entry.get().name(), new String(tar.contents().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static InputStream resource(String name) {
        InputStream in = TarReaderTest.class.getResourceAsStream("/data/" + name);
        assertThat(in).as("test resource %s", name).isNotNull();
        return in;
    }

    @Test
    void readsTheArchivesItsOwnTestsBuild() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", "{}".getBytes(StandardCharsets.UTF_8));
        entries.put("package/data/train-labels-idx1-ubyte", new byte[1000]);

        Map<String, String> files = regularFiles(new ByteArrayInputStream(TarFixtures.tgz(entries)));

        assertThat(files).containsOnlyKeys("package/package.json", "package/data/train-labels-idx1-ubyte");
        assertThat(files.get("package/package.json")).isEqualTo("{}");
        assertThat(files.get("package/data/train-labels-idx1-ubyte")).hasSize(1000);
    }

    /** The archives were made with GNU tar 1.34 in each of its formats; see src/test/resources/data. */
    @ParameterizedTest
    @ValueSource(strings = {"sample-ustar.tgz", "sample-gnu.tgz", "sample-pax.tgz"})
    void readsArchivesWrittenByGnuTar(String archive) throws IOException {
        Map<String, String> files = regularFiles(resource(archive));

        assertThat(files).containsEntry("package/data/t10k-labels-idx1-ubyte", "label bytes");
        assertThat(files).containsEntry(LONG_DIRECTORY, "long name content\n");
        assertThat(files).doesNotContainKey("package/link");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sample-gnu.tgz", "sample-pax.tgz"})
    void readsNamesLongerThanTheUstarFieldAllows(String archive) throws IOException {
        assertThat(regularFiles(resource(archive))).containsEntry(LONG_NAME, "very long file name\n");
    }

    @Test
    void reportsADirectoryAndASymlinkAsNotRegularFiles() throws IOException {
        List<String> others = new ArrayList<>();
        TarReader tar = new TarReader(new GZIPInputStream(resource("sample-ustar.tgz")));
        for (Optional<TarReader.Entry> entry = tar.next(); entry.isPresent(); entry = tar.next()) {
            if (!entry.get().regularFile()) {
                others.add(entry.get().name());
            }
        }

        assertThat(others).contains("package/", "package/data/", "package/link");
    }

    @Test
    void truncatedArchiveIsAnEndOfFile() throws IOException {
        Map<String, byte[]> entries = Map.of("package/data/big", new byte[4096]);
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(TarFixtures.tgz(entries))).readAllBytes();
        TarReader reader = new TarReader(new ByteArrayInputStream(Arrays.copyOf(tar, 512 + 1000)));

        assertThat(reader.next()).isPresent();
        assertThatThrownBy(() -> reader.contents().readAllBytes()).isInstanceOf(EOFException.class);
    }

    @Test
    void corruptHeaderIsRejectedByItsChecksum() throws IOException {
        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(
                TarFixtures.tgz(Map.of("package/x", new byte[3])))).readAllBytes();
        tar[10] ^= 0x20;

        assertThatThrownBy(() -> new TarReader(new ByteArrayInputStream(tar)).next())
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("corrupt tar header");
    }
}
