package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FmtCommandTest {
    private static final String MESSY = "model A:784->10{flatten dense(10,activation:softmax)   # out\n}\n";
    private static final String LAID_OUT =
            "model A : 784 -> 10 {\n  flatten\n  dense(10, activation: softmax) # out\n}\n";
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @Test
    void rewritesAFileInPlaceAndLeavesALaidOutOneUntouched(@TempDir Path dir) throws IOException {
        Path messy = Files.writeString(dir.resolve("messy.aemodel"), MESSY);
        Path tidy = Files.writeString(dir.resolve("tidy.aemodel"), LAID_OUT);
        Files.setLastModifiedTime(tidy, LONG_AGO);

        CliRun run = CliRun.of("fmt", messy.toString(), tidy.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEmpty();
        assertThat(Files.readString(messy)).isEqualTo(LAID_OUT);
        assertThat(Files.readString(tidy)).isEqualTo(LAID_OUT);
        assertThat(Files.getLastModifiedTime(tidy)).as("a laid-out file is not rewritten").isEqualTo(LONG_AGO);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("no temporary file is left").containsExactlyInAnyOrder(messy, tidy);
        }
    }

    @Test
    void rewritingKeepsTheFilesPermissionsAndTheLinkToIt(@TempDir Path dir) throws IOException {
        Path messy = Files.writeString(dir.resolve("messy.aemodel"), MESSY);
        Files.setPosixFilePermissions(messy, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("link.aemodel"), messy);

        assertThat(CliRun.of("fmt", link.toString()).exitCode()).isEqualTo(ExitCode.OK);

        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(messy)).isEqualTo(LAID_OUT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(messy))).isEqualTo("rw-r-----");
    }

    @Test
    void checkListsTheFilesThatWouldChangeWritesNothingAndFails(@TempDir Path dir) throws IOException {
        Path messy = Files.writeString(dir.resolve("messy.aemodel"), MESSY);
        Path tidy = Files.writeString(dir.resolve("tidy.aemodel"), LAID_OUT);

        CliRun run = CliRun.of("fmt", "--check", messy.toString(), tidy.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.out()).isEqualTo(messy + System.lineSeparator());
        assertThat(Files.readString(messy)).isEqualTo(MESSY);
        assertThat(CliRun.of("fmt", "--check", tidy.toString()).exitCode()).isEqualTo(ExitCode.OK);
    }

    @Test
    void everyModelInTheRepositoryIsLaidOut() throws IOException {
        try (Stream<Path> files = Files.list(CliRun.repo().resolve("models"))) {
            String[] args = Stream.concat(Stream.of("fmt", "--check"),
                    files.map(Path::toString).filter(f -> f.endsWith(".aemodel")).sorted()).toArray(String[]::new);
            CliRun run = CliRun.of(args);
            assertThat(run.out()).isEmpty();
            assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        }
    }

    @Test
    void stdoutPrintsTheLayoutAndWritesNothing(@TempDir Path dir) throws IOException {
        Path messy = Files.writeString(dir.resolve("messy.aemodel"), MESSY);

        CliRun run = CliRun.of("fmt", "--stdout", messy.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEqualTo(LAID_OUT);
        assertThat(Files.readString(messy)).isEqualTo(MESSY);
    }

    @Test
    void dashReadsStandardInputAndPrintsTheLayout() {
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(MESSY.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
            CliRun run = CliRun.of("fmt", "-");
            assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).isEqualTo(LAID_OUT);
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void fileThatDoesNotParseGetsTheDiagnosticsOfCheckAndIsNotWritten(@TempDir Path dir) throws IOException {
        String broken = "model A : 784 -> 10 {\n  dense(10;\n}\n";
        Path file = Files.writeString(dir.resolve("broken.aemodel"), broken);

        CliRun fmt = CliRun.of("fmt", file.toString());
        CliRun check = CliRun.of("check", file.toString());

        assertThat(fmt.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(fmt.out()).isEmpty();
        assertThat(fmt.err()).contains("error[E0002]").isEqualTo(check.err());
        assertThat(Files.readString(file)).isEqualTo(broken);
    }

    @Test
    void fileThatIsNotUtf8IsRefusedAsCheckRefusesIt(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("latin1.aemodel"), "# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        CliRun fmt = CliRun.of("fmt", file.toString());

        assertThat(fmt.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(fmt.err()).contains("invalid UTF-8").isEqualTo(CliRun.of("check", file.toString()).err());
    }

    @Test
    void unreadableFileIsAUsageErrorWithoutATrace(@TempDir Path dir) throws IOException {
        Path tidy = Files.writeString(dir.resolve("tidy.aemodel"), LAID_OUT);

        CliRun missing = CliRun.of("fmt", dir.resolve("missing.aemodel").toString(), tidy.toString());
        CliRun folder = CliRun.of("fmt", dir.toString());

        assertThat(missing.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).isEqualTo("aec: error: cannot read " + dir.resolve("missing.aemodel")
                + ": no such file" + System.lineSeparator());
        assertThat(folder.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(folder.err()).contains("is a directory").doesNotContain("Exception");
    }

    @Test
    void checkAndStdoutTogetherAreAUsageError() {
        CliRun run = CliRun.of("fmt", "--check", "--stdout", "x.aemodel");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--check and --stdout cannot be used together");
    }

    @Test
    void helpEndsWithExamples() {
        CliRun run = CliRun.of("fmt", "--help");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("Examples:").contains("aec fmt --check models/*.aemodel").contains("--stdout");
        assertThat(CliRun.of("--help").out()).contains("fmt");
    }
}
