package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `aec check` estimates what each train block needs and warns when this machine cannot give it. */
class CheckMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void trainBlockTableEndsWithTheMemoryEstimate() {
        CliRun run = CliRun.of("check", CliRun.model("conv_autoencoder.aemodel"));

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("  memory      " + "about ")
                .contains("(weights 18 KB, gradients 18 KB, optimizer state 35 KB, activations for batch 100: 32 MB,"
                        + " data 220 MB, runtime ");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jsonCarriesEveryPartInBytes() throws IOException {
        CliRun run = CliRun.of("check", "--format", "json", CliRun.model("conv_autoencoder.aemodel"));
        JsonNode memory = new ObjectMapper().readTree(run.out()).path("files").get(0).path("trains").get(0).path("memory");

        assertThat(memory.path("weights").asLong()).isEqualTo(17_540);
        assertThat(memory.path("optimizerSlots").asInt()).isEqualTo(2);
        assertThat(memory.path("optimizerState").asLong()).isEqualTo(35_080);
        assertThat(memory.path("activations").asLong()).isEqualTo(31_513_600);
        assertThat(memory.path("data").asLong()).isEqualTo(219_520_000);
        assertThat(memory.path("total").asLong()).isEqualTo(17_540 * 2 + 35_080 + 31_513_600 + 219_520_000
                + memory.path("runtime").asLong());
        assertThat(memory.path("limit").asLong()).isEqualTo(MemoryLimit.inForce().bytes());
    }

    @Test
    void modelTooLargeForThisMachineIsAWarningNotAnError() throws IOException {
        Path file = tmp.resolve("huge.aemodel");
        Files.writeString(file, """
                model Huge : 784 -> 784 {
                  dense(200000, activation: relu)
                  dense(200000, activation: relu)
                  dense(784, activation: sigmoid)
                }
                train Huge { data: mnist  loss: binary_crossentropy  optimizer: adam  batch: 100 }
                """);
        CliRun run = CliRun.of("check", file.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        // 40,314,000,784 parameters of 4 bytes each.
        assertThat(run.out()).containsPattern("memory      about 6\\d\\d GB \\(weights 161 GB, gradients 161 GB,"
                + " optimizer state 323 GB,");
        assertThat(run.err()).containsPattern("^aec: warning: training `Huge` needs about 6\\d\\d GB, more than the ");
        assertThat(run.err()).contains("more than the "
                + MemoryLimit.inForce().describe() + " aec may use; make the model or its batch smaller: this is ");
        assertThat(CliRun.of("check", "-q", file.toString()).err()).isEmpty();
    }
}
