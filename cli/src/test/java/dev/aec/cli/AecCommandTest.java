package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which subcommands a command line gets: the one it names, or all of them for help. */
class AecCommandTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "check model.aemodel                | check",
        "--max-memory 12g train model       | train",
        "--max-memory=12g check model       | check",
        "--max-memory 12g                   | ''",
        "--help                             | ''",
        "chek model.aemodel                 | chek"})
    void commandWordSkipsAecsOwnOptionsAndTheirValues(String line, String word) {
        assertThat(AecCommand.commandWord(line.split(" "))).isEqualTo(word.isEmpty() ? Optional.empty() : Optional.of(word));
    }

    @Test
    void aCommandLineNamingACommandGetsOnlyThatCommand() {
        assertThat(AecCommand.commandLine(new String[] {"--max-memory", "12g", "check", "x.aemodel"})
                .getSubcommands().keySet()).containsExactly("check");
        assertThat(AecCommand.commandLine(new String[] {"--version"}).getSubcommands()).isEmpty();
    }

    @Test
    void helpAndAMisspeltCommandSeeEveryCommand() {
        assertThat(AecCommand.commandLine(new String[] {"--help"}).getSubcommands()).hasSize(AecCommand.SUBCOMMANDS.size());
        CliRun run = CliRun.of("chek", "x.aemodel");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("Did you mean: aec check?");
        assertThat(CliRun.of("--help").out()).contains("check").contains("train").contains("export");
    }

    @Test
    void aecsOwnOptionBeforeTheCommandStillWorks() {
        CliRun run = CliRun.of("--max-memory", "12g", "check", CliRun.model("conv_autoencoder.aemodel"));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("total                                       4,385");
    }
}
