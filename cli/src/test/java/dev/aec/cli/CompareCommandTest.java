package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.runtime.run.RunDirectory;
import dev.aec.runtime.run.RunRecord;
import dev.aec.runtime.run.SyntheticRuns;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `aec compare`: one picture of several runs' curves, never over a file without --force. */
class CompareCommandTest {
    @TempDir
    Path tmp;

    private Path a;
    private Path b;

    @BeforeEach
    void twoRuns() throws Exception {
        a = SyntheticRuns.write(tmp.resolve("runs").resolve("adam"), SyntheticRuns.record("Autoencoder", "mnist", null,
                3, SyntheticRuns.epochs(new double[] {0.3, 0.2, 0.15}, new double[] {0.31, 0.22, 0.18}),
                RunRecord.FINISHED, 0.18));
        b = SyntheticRuns.write(tmp.resolve("runs").resolve("sgd"), SyntheticRuns.record("Autoencoder", "mnist", null,
                3, SyntheticRuns.epochs(new double[] {0.5, 0.4}, new double[] {0.52, 0.41}), RunRecord.INTERRUPTED,
                null));
    }

    @Test
    void drawsTheRunsInOnePictureAndPrintsTheirTable() throws Exception {
        Path picture = tmp.resolve("out.png");
        CliRun run = CliRun.of("compare", a.toString(), b.toString(), "-o", picture.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        BufferedImage image = ImageIO.read(picture.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isGreaterThan(600);
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).startsWith("run ");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("adam ").contains("3/3").contains("finished"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("sgd ").contains("2/3").contains("interrupted"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo(picture.toString());
    }

    @Test
    void theDefaultPictureIsNeverReplacedWithoutForce() throws Exception {
        Path picture = tmp.resolve("compare.png");
        Files.writeString(picture, "mine");
        CliRun refused = CliRun.of("compare", a.toString(), b.toString(), "-o", picture.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).contains("already exists").contains("--force");
        assertThat(picture).hasContent("mine");
        CliRun forced = CliRun.of("compare", a.toString(), b.toString(), "-o", picture.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isEqualTo(ExitCode.OK);
        assertThat(ImageIO.read(picture.toFile())).isNotNull();
    }

    @Test
    void aMissingRunIsAClearUsageError() {
        Path picture = tmp.resolve("out.png");
        CliRun run = CliRun.of("compare", a.toString(), tmp.resolve("runs").resolve("nope").toString(), "-o",
                picture.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().lines()).singleElement().asString().startsWith("aec: error: no run directory")
                .contains("nope");
        assertThat(picture).doesNotExist();
    }

    @Test
    void aFolderOfRunsIsRefusedWithTheWayToNameThem() {
        CliRun run = CliRun.of("compare", tmp.resolve("runs").toString(), "-o", tmp.resolve("out.png").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("is a folder of runs").contains("aec compare " + tmp.resolve("runs") + "/*");
    }

    @Test
    void aDamagedRunIsAnEnvironmentErrorNamingTheFile() throws Exception {
        Files.writeString(b.resolve(RunDirectory.RECORD), "[]");
        CliRun run = CliRun.of("compare", a.toString(), b.toString(), "-o", tmp.resolve("out.png").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("run.json is damaged").doesNotContain("Exception");
    }

    @Test
    void runsWithoutAFinishedEpochHaveNoLineAndNoneAtAllIsAnError() throws Exception {
        Path fresh = SyntheticRuns.write(tmp.resolve("runs").resolve("fresh"), SyntheticRuns.record("Autoencoder",
                "mnist", null, 3, List.of(), RunRecord.RUNNING, null));
        CliRun some = CliRun.of("compare", a.toString(), fresh.toString(), "-o", tmp.resolve("some.png").toString());
        assertThat(some.exitCode()).as(some.err()).isEqualTo(ExitCode.OK);
        assertThat(some.err()).contains("fresh has no finished epoch yet");
        CliRun none = CliRun.of("compare", fresh.toString(), "-o", tmp.resolve("none.png").toString());
        assertThat(none.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(none.err()).contains("none of the runs has a finished epoch");
        assertThat(tmp.resolve("none.png")).doesNotExist();
    }

    @Test
    void helpShowsAnExample() {
        CliRun run = CliRun.of("compare", "--help");
        assertThat(run.out()).contains("Examples:").contains("aec compare runs/");
    }
}
