package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.runtime.TestData;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.RunDirectory;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real `aec train` leaves loss.png in its run, and `aec runs` lists the run as it ended. */
class LossPictureTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void aTrainedRunHasItsLossCurvesAndARowInTheTable() throws Exception {
        Path data = TestData.writeIdx(tmp.resolve("data"), TestData.mnist(Split.TRAIN, 200),
                TestData.mnist(Split.TEST, 50));
        Path out = tmp.resolve("runs").resolve("dense");
        CliRun train = CliRun.of("train", CliRun.model("dense_autoencoder.aemodel"), "--data", data.toString(),
                "--no-verify", "--batch", "50", "--epochs", "2", "--out", out.toString());
        assertThat(train.exitCode()).as(train.err()).isEqualTo(ExitCode.OK);
        BufferedImage loss = ImageIO.read(out.resolve(RunDirectory.LOSS).toFile());
        assertThat(loss).isNotNull();
        assertThat(loss.getWidth()).isGreaterThan(600);
        CliRun runs = CliRun.of("runs", tmp.resolve("runs").toString());
        assertThat(runs.exitCode()).as(runs.err()).isEqualTo(ExitCode.OK);
        assertThat(runs.out().lines()).anySatisfy(l -> assertThat(l).startsWith("dense ").contains("Autoencoder")
                .contains("2/2").endsWith("finished"));
    }
}
