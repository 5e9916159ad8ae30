package dev.aec.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** aec's local file system lists a folder as Hadoop's own does, and opens files without looking for checksums. */
class LocalFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFolderIsListedAsHadoopsOwnFileSystemListsIt() throws Exception {
        Files.createDirectories(dir.resolve("3"));
        Files.writeString(dir.resolve("3/a.png"), "twelve bytes");
        Files.writeString(dir.resolve("b.txt"), "x");
        Files.createSymbolicLink(dir.resolve("gone.png"), dir.resolve("not-there.png"));
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir.toUri());
        Configuration conf = new Configuration();
        LocalFileSystem hadoops = new LocalFileSystem();
        hadoops.initialize(java.net.URI.create("file:///"), conf);
        LocalFiles ours = new LocalFiles();
        ours.initialize(java.net.URI.create("file:///"), conf);

        FileStatus[] expected = sorted(hadoops.listStatus(folder));
        FileStatus[] listed = sorted(ours.listStatus(folder));

        assertThat(listed).extracting(s -> s.getPath().toString())
                .containsExactly(Arrays.stream(expected).map(s -> s.getPath().toString())
                        .filter(p -> !p.endsWith("gone.png")).toArray(String[]::new));
        for (FileStatus status : listed) {
            FileStatus theirs = Arrays.stream(expected).filter(e -> e.getPath().equals(status.getPath())).findFirst()
                    .orElseThrow();
            assertThat(status.getLen()).isEqualTo(theirs.getLen());
            assertThat(status.isDirectory()).isEqualTo(theirs.isDirectory());
            assertThat(status.getModificationTime()).isEqualTo(theirs.getModificationTime());
            assertThat(status.getPermission()).isEqualTo(theirs.getPermission());
        }
        try (var in = ours.open(new org.apache.hadoop.fs.Path(dir.resolve("3/a.png").toUri()))) {
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("twelve bytes");
        }
    }

    private static FileStatus[] sorted(FileStatus[] statuses) {
        return Arrays.stream(statuses).sorted(Comparator.comparing(s -> s.getPath().toString()))
                .toArray(FileStatus[]::new);
    }
}
