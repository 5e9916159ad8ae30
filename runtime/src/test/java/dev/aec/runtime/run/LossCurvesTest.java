package dev.aec.runtime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.runtime.picture.LossChart;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's loss.png from its record: drawn as an epoch ends, a VAE's parts as their own curves. */
class LossCurvesTest {
    @TempDir
    Path tmp;

    private static RunRecord plain(int epochs) {
        double[] train = new double[epochs];
        double[] validation = new double[epochs];
        for (int i = 0; i < epochs; i++) {
            train[i] = 0.3 / (i + 1);
            validation[i] = 0.32 / (i + 1) + 0.01 * i;
        }
        return SyntheticRuns.record("Autoencoder", "mnist", 3000, 6, SyntheticRuns.epochs(train, validation),
                RunRecord.RUNNING, null);
    }

    @Test
    void theEndOfAnEpochDrawsLossPngAsAPictureOfTheRun() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        try (RunDirectory run = RunDirectory.create(dir, false)) {
            LossCurves.update(run, plain(4));
        }
        BufferedImage png = ImageIO.read(dir.resolve(RunDirectory.LOSS).toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isGreaterThan(600);
        assertThat(png.getHeight()).isGreaterThan(400);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    /**
     * Early stopping keeps the epoch its rule chose, not always the lowest: with a `min_delta`, a later
     * epoch lower by less than the delta does not count, and the picture marks what the run keeps.
     */
    @Test
    void withEarlyStoppingTheMarkedEpochIsTheOneTheRunKeeps() {
        RunRecord lowestLast = SyntheticRuns.record("Autoencoder", "mnist", 3000, 6, SyntheticRuns.epochs(
                new double[] {0.30, 0.20, 0.19, 0.188}, new double[] {0.25, 0.15, 0.145, 0.142}), RunRecord.RUNNING, null);
        assertThat(LossChart.best(LossCurves.curves("run", lowestLast))).hasValueSatisfying(
                b -> assertThat(b.epoch()).as("without early stopping, the lowest").isEqualTo(4));
        assertThat(LossChart.best(LossCurves.curves("run", SyntheticRuns.withEarlyStop(lowestLast, 2))))
                .hasValueSatisfying(b -> {
                    assertThat(b.epoch()).isEqualTo(2);
                    assertThat(b.value()).isEqualTo(0.15);
                });
    }

    @Test
    void aCheckpointWithinAnEpochOrBeforeTheFirstEndDrawsNothing() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        try (RunDirectory run = RunDirectory.create(dir, false)) {
            LossCurves.update(run, SyntheticRuns.withinEpoch(plain(2), 5));
            assertThat(dir.resolve(RunDirectory.LOSS)).doesNotExist();
            LossCurves.update(run, plain(0));
            assertThat(dir.resolve(RunDirectory.LOSS)).doesNotExist();
            LossCurves.update(run, plain(1));
            assertThat(dir.resolve(RunDirectory.LOSS)).exists();
        }
    }

    @Test
    void theCurvesSayWhatTheRunIsAndHowFarItCame() {
        LossChart.RunCurves curves = LossCurves.curves("run-a", plain(4));
        assertThat(curves.title()).isEqualTo("Autoencoder: loss per epoch");
        assertThat(curves.subtitle()).isEqualTo("run-a: mnist, first 3,000, 4 of 6 epochs");
        assertThat(curves.plannedEpochs()).isEqualTo(6);
        assertThat(curves.validation()).isPresent();
        assertThat(curves.kl()).isEmpty();
        assertThat(curves.train().epochs()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aVaesValidationPartsBecomeTheReconstructionAndKlCurves() {
        List<RunRecord.Epoch> epochs = List.of(SyntheticRuns.vaeEpoch(1, 200, 170, 25),
                SyntheticRuns.vaeEpoch(2, 170, 140, 28), SyntheticRuns.vaeEpoch(3, 160, 128, 30));
        RunRecord vae = SyntheticRuns.record("VAE", "mnist", null, 3, epochs, RunRecord.FINISHED, 158.0);
        LossChart.RunCurves curves = LossCurves.curves("vae", vae);
        assertThat(curves.kl()).hasValueSatisfying(kl -> assertThat(kl.values()).containsExactly(25, 28, 30));
        assertThat(curves.reconstruction()).hasValueSatisfying(r -> assertThat(r.values()).containsExactly(170, 140, 128));
        assertThat(curves.validation()).hasValueSatisfying(v -> assertThat(v.values()).containsExactly(195, 168, 158));
        assertThat(curves.subtitle()).isEqualTo("vae: mnist, 3 of 3 epochs");
    }

    @Test
    void comparedRunsShareOneKindOfLoss() {
        RunRecord withValidation = plain(3);
        RunRecord without = SyntheticRuns.record("Autoencoder", "mnist", null, 3,
                SyntheticRuns.epochs(new double[] {0.3, 0.2, 0.1}, null), RunRecord.FINISHED, null);
        LossChart.Drawn both = LossCurves.comparison(List.of(new LossCurves.Named("a", withValidation),
                new LossCurves.Named("b", plain(2))));
        assertThat(both.lossLabel()).startsWith("validation loss (binary_crossentropy)");
        LossChart.Drawn mixed = LossCurves.comparison(List.of(new LossCurves.Named("a", withValidation),
                new LossCurves.Named("b", without)));
        assertThat(mixed.lossLabel()).startsWith("training loss (binary_crossentropy)");
    }
}
