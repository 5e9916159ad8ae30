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
import org.apache.commons.compress.archivers.tar.TarConstants;
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

    /** Every entry's name and whether it is a regular file, in archive order. */
    private static Map<String, Boolean> entries(byte[] tar) throws IOException {
        Map<String, Boolean> entries = new LinkedHashMap<>();
        TarReader reader = new TarReader(new ByteArrayInputStream(tar));
        for (Optional<TarReader.Entry> entry = reader.next(); entry.isPresent(); entry = reader.next()) {
            entries.put(entry.get().name(), entry.get().regularFile());
        }
        return entries;
    }

    @Test
    void headerCutShortIsAnEndOfFile() throws IOException {
        byte[] tar = TarFixtures.tar(out -> {
            TarFixtures.file(out, "package/a", new byte[10]);
            TarFixtures.file(out, "package/b", new byte[10]);
        });
        TarReader reader = new TarReader(new ByteArrayInputStream(Arrays.copyOf(tar, 512 + 512 + 200)));

        assertThat(reader.next()).isPresent();
        assertThatThrownBy(reader::next).isInstanceOf(EOFException.class).hasMessage("truncated tar archive");
    }

    @Test
    void archiveCutInsideAnEntryThatIsSkippedIsAnEndOfFile() throws IOException {
        byte[] tar = TarFixtures.tar(out -> TarFixtures.file(out, "package/data/big", new byte[4096]));
        TarReader reader = new TarReader(new ByteArrayInputStream(Arrays.copyOf(tar, 512 + 1000)));

        assertThat(reader.next()).isPresent();
        assertThatThrownBy(reader::next).isInstanceOf(EOFException.class).hasMessage("truncated tar archive");
    }

    @Test
    void archiveEndingWithoutItsZeroRecordsEndsAfterTheLastEntry() throws IOException {
        byte[] tar = TarFixtures.tar(out -> TarFixtures.file(out, "package/x", new byte[3]));

        assertThat(entries(Arrays.copyOf(tar, 1024))).containsExactly(Map.entry("package/x", true));
    }

    /** A name of 2 MB in a GNU long-name entry, as from a gzip bomb of a few kilobytes. */
    @Test
    void longNameOfMoreThanAMegabyteIsRefusedBeforeItIsHeldInMemory() {
        byte[] tar = TarFixtures.withMetadata(TarConstants.LF_GNUTYPE_LONGNAME,
                ("package/" + "a".repeat(2 << 20)).getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> entries(tar))
                .isInstanceOf(IOException.class)
                .hasMessage("tar metadata before one entry is larger than 1048576 bytes");
    }

    @Test
    void paxRecordsOfMoreThanAMegabyteAreRefusedBeforeTheyAreHeldInMemory() {
        String record = " path=package/" + "p".repeat(2 << 20) + "\n";
        // A pax record starts with its own length in decimal, digits included.
        int length = record.length() + 7;
        byte[] pax = (length + record).getBytes(StandardCharsets.UTF_8);
        assertThat(pax).hasSize(length);

        assertThatThrownBy(() -> entries(TarFixtures.withMetadata(TarConstants.LF_PAX_EXTENDED_HEADER_LC, pax)))
                .isInstanceOf(IOException.class)
                .hasMessage("tar metadata before one entry is larger than 1048576 bytes");
    }

    @Test
    void shortLongNameAndPaxPathAreApplied() throws IOException {
        byte[] name = "package/named-by-gnu".getBytes(StandardCharsets.UTF_8);
        String record = " path=package/named-by-pax\n";
        byte[] pax = ((record.length() + 2) + record).getBytes(StandardCharsets.UTF_8);

        assertThat(entries(TarFixtures.withMetadata(TarConstants.LF_GNUTYPE_LONGNAME, name)))
                .containsExactly(Map.entry("package/named-by-gnu", true));
        assertThat(entries(TarFixtures.withMetadata(TarConstants.LF_PAX_EXTENDED_HEADER_LC, pax)))
                .containsExactly(Map.entry("package/named-by-pax", true));
    }

    @Test
    void namesThatLeaveTheFolderAreReportedAsWrittenAndLinksAreNotRegularFiles() throws IOException {
        byte[] tar = TarFixtures.tar(out -> {
            TarFixtures.file(out, "../../outside/train-images-idx3-ubyte", new byte[1]);
            TarFixtures.file(out, "/tmp/absolute/train-labels-idx1-ubyte", new byte[1]);
            TarFixtures.link(out, "package/data/t10k-images-idx3-ubyte", "/etc/passwd", TarConstants.LF_SYMLINK);
            TarFixtures.link(out, "package/data/t10k-labels-idx1-ubyte", "/etc/passwd", TarConstants.LF_LINK);
            TarFixtures.link(out, "package/fifo", "", TarConstants.LF_FIFO);
        });

        assertThat(entries(tar)).containsExactly(
                Map.entry("../../outside/train-images-idx3-ubyte", true),
                Map.entry("/tmp/absolute/train-labels-idx1-ubyte", true),
                Map.entry("package/data/t10k-images-idx3-ubyte", false),
                Map.entry("package/data/t10k-labels-idx1-ubyte", false),
                Map.entry("package/fifo", false));
    }

    @Test
    void headerThatIsNotAHeaderIsACorruptArchive() {
        byte[] tar = new byte[1024];
        Arrays.fill(tar, 0, 512, (byte) 'z');

        assertThatThrownBy(() -> entries(tar))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(EOFException.class)
                .hasMessageStartingWith("corrupt tar header");
    }
}
