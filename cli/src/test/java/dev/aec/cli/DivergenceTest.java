package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.runtime.TestData;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A learning rate far too high: the run stops at the first batch that measures its loss once a
 * loss or gradient is not finite, says where, exits 5 and keeps the last good checkpoint, which every command then uses with a
 * note; `--resume` refuses to diverge again.
 */
class DivergenceTest {
    private static final String MODEL = """
            model Autoencoder : 784 -> 784 {
              dense(64, activation: %s)
              dense(784)
            }
            train Autoencoder {
              data: mnist
              loss: mse
              optimizer: %s
              batch: 20
              epochs: 3
            }
            """;

    @TempDir
    static Path tmp;

    private static Path data;

    @BeforeAll
    static void smallData() throws IOException {
        data = TestData.writeIdx(tmp.resolve("data"), TestData.mnist(Split.TRAIN, 200), TestData.mnist(Split.TEST, 40));
    }

    /**
     * Each of the three training loops: aec's executor (linear), SameDiff's own loop (elu, which the
     * executor lacks, with sgd) and SameDiff's gradients with aec's update rule (elu with rmsprop).
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"linear; sgd(learning_rate: 1e20)", "elu; sgd(learning_rate: 1e20)",
        "elu; rmsprop(learning_rate: 1e20)"})
    void aDivergingRunStopsAtOnceAndKeepsItsLastGoodCheckpoint(String activation, String optimizer)
            throws IOException {
        String name = (activation + optimizer).replaceAll("\\W", "");
        Path model = Files.writeString(tmp.resolve(name + ".aemodel"), MODEL.formatted(activation, optimizer));
        Path out = tmp.resolve(name);
        CliRun run = CliRun.of("train", model.toString(), "--data", data.toString(), "--no-verify", "--out",
                out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.DIVERGED);
        assertThat(run.err()).containsPattern("training diverged: .* not finite.* at epoch \\d+, batch \\d+ of 10")
                .contains("the last good checkpoint").contains("lower the learning rate").doesNotContain("Exception");
        String record = Files.readString(out.resolve(RunDirectory.RECORD));
        assertThat(record).contains("\"status\" : \"diverged\"")
                .as("no number in the record is NaN or infinite").doesNotContainPattern(":\\s*-?(NaN|Infinity)");

        CliRun eval = CliRun.of("eval", out.toString(), "--data", data.toString(), "--no-verify");
        assertThat(eval.exitCode()).as(eval.err()).isEqualTo(ExitCode.OK);
        assertThat(eval.err()).contains("diverged").contains("last good checkpoint");
        assertThat(eval.out()).doesNotContain("NaN");

        CliRun resumed = CliRun.of("train", "--resume", out.toString(), "--data", data.toString(), "--no-verify");
        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCode.DIVERGED);
        assertThat(resumed.err()).contains("resuming would diverge the same way");
    }
}
