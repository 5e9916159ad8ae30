package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.diag.Catalogue;
import dev.aec.compiler.diag.Code;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** `aec explain` prints a code's catalogue entry, and every command's diagnostics in full end by naming it. */
class ExplainCommandTest {
    private static final String TWO_ERRORS = "model A : 784 -> 10 {\n  densx(10)\n  dense(0)\n}\n";
    private static final String SYNTAX_ERROR = "model A : 784 -> 10 {\n  dense(10);\n}\n";

    @TempDir
    Path tmp;

    @Test
    void aCodePrintsItsTitleTextExampleAndMessage() {
        CliRun run = CliRun.of("explain", "E0307");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .startsWith("E0307: reconstruction does not round-trip\n\nA `train` block trains a model to reconstruct")
                .contains("Example (example.aemodel):\n    model Encoder : 784 -> 64 {\n      dense(64, activation: sigmoid)\n")
                .contains("What `aec check example.aemodel` prints:\n"
                        + "    example.aemodel:5:7: error[E0307]: `Encoder` is trained to reconstruct its input")
                .contains("    note: inputs that round-trip through `Encoder`: 64\n")
                .doesNotContain("```")
                .doesNotContain("\u001b[");
    }

    @ParameterizedTest
    @ValueSource(strings = {"e0307", "E307", "e307", "307", "0307", " E0307 "})
    void caseAndLeadingZerosMayBeLeftOut(String written) {
        CliRun run = CliRun.of("explain", written);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEqualTo(CliRun.of("explain", "E0307").out());
    }

    @Test
    void aWarningsNumberAloneFindsTheWarning() {
        assertThat(CliRun.of("explain", "502").out()).startsWith("W0502: unused value\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "E0313  | aec: error: no code `E0313`; the closest are E0312, E0311 and E0310 (`aec explain` lists them all)",
        "E0503  | aec: error: no code `E0503`; the closest are W0503, W0502 and W0504 (`aec explain` lists them all)",
        "w0001  | aec: error: no code `w0001`; the closest are E0001, E0002 and E0003 (`aec explain` lists them all)",
        "conv2d | aec: error: `conv2d` is not a code; codes look like E0302 or W0502 (`aec explain` lists them all)",
        "E03021 | aec: error: `E03021` is not a code; codes look like E0302 or W0502 (`aec explain` lists them all)"})
    void anUnknownCodeIsOneLineNamingTheClosestCodes(String written, String message) {
        CliRun run = CliRun.of("explain", written);
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo(message + "\n");
    }

    @Test
    void noCodeListsEveryCodeWithItsTitleUnderItsStage() {
        CliRun run = CliRun.of("explain");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        String out = run.out();
        List<String> headings = Arrays.stream(Code.Stage.values()).map(s -> s.codes() + ": " + s.title() + "\n").toList();
        assertThat(out).startsWith(headings.get(0)).endsWith("`aec explain CODE` prints a code's entry: what it means "
                + "and how to fix it.\n");
        for (Code code : Code.values()) {
            int line = out.indexOf("\n  " + code.name() + "  " + code.title() + "\n");
            assertThat(line).as(code.name()).isPositive();
            int stage = code.stage().ordinal();
            assertThat(out.indexOf(headings.get(stage))).as(code + " after its heading").isLessThan(line);
            if (stage + 1 < headings.size()) {
                assertThat(out.indexOf(headings.get(stage + 1))).as(code + " before the next heading").isGreaterThan(line);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Code.class)
    void proseIsWrappedToEightyColumnsWithoutSplittingANameInBackticks(Code code) {
        String out = ExplainCommand.render(Catalogue.load().entry(code).orElseThrow(), false);
        for (String line : out.split("\n")) {
            if (line.startsWith("    ")) {
                continue;
            }
            assertThat(line.codePointCount(0, line.length())).as(line).isLessThanOrEqualTo(ExplainCommand.WIDTH);
            assertThat(line.chars().filter(c -> c == '`').count() % 2).as(line).isZero();
        }
    }

    @Test
    void aListInTheTextKeepsItsLines() {
        assertThat(ExplainCommand.paragraph("The kinds:\n- one\n- two")).isEqualTo("The kinds:\n- one\n- two\n");
        assertThat(ExplainCommand.paragraph("a `b\nc` d")).isEqualTo("a `b c` d\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "the [layer reference](reference/layers.md) lists | the layer reference (docs/reference/layers.md) lists",
        "see the [README](../README.md#install)           | see the README (README.md#install)",
        "as [E0307](#e0307-reconstruction) says           | as E0307 says",
        "[Keras](https://keras.io/api/layers/) names it   | Keras (https://keras.io/api/layers/) names it",
        "no link [here] (x)                               | no link [here] (x)"})
    void linksShowTheirTextAndWhereTheyLead(String markdown, String shown) {
        assertThat(ExplainCommand.withoutLinks(markdown)).isEqualTo(shown);
    }

    @Test
    void colourOnlyWhenAsked() {
        Catalogue.Entry entry = Catalogue.load().entry(Code.E0302).orElseThrow();
        assertThat(ExplainCommand.render(entry, true)).startsWith("\u001b[1;31mE0302\u001b[0m\u001b[1m: declared output");
        assertThat(ExplainCommand.listing(true)).contains("\u001b[1;33mW0502\u001b[0m");
        assertThat(ExplainCommand.render(entry, false) + ExplainCommand.listing(false)).doesNotContain("\u001b[");
    }

    @Test
    void helpHasExamples() {
        CliRun run = CliRun.of("explain", "--help");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("Examples:", "  aec explain E0302\n", "  aec explain 302 ", "  aec explain  ",
                "Exit codes: 0 ok, 2 no such code.");
        assertThat(CliRun.of("--help").out()).contains("explain");
    }

    @Test
    void checksErrorsEndWithTheExplainLineOnceForEveryFile() throws IOException {
        Path first = write("first.aemodel", TWO_ERRORS);
        Path second = write("second.aemodel", SYNTAX_ERROR);
        CliRun run = CliRun.of("check", first.toString(), second.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.err()).contains(first + ":2:3: error[E0101]").endsWith(second + ": 1 error\n"
                + "For more about these errors, run `aec explain E0101` (or E0205, E0002).\n");
        assertThat(run.err().split("aec explain", -1)).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"short", "json"})
    void formatsForScriptsHaveNoExplainLine(String format) throws IOException {
        Path file = write("broken.aemodel", TWO_ERRORS);
        CliRun run = CliRun.of("check", "--format", format, file.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.out() + run.err()).contains("E0101").doesNotContain("aec explain").doesNotContain("For more");
    }

    @Test
    void quietLeavesOutTheWarningsAndSoTheirCodes() throws IOException {
        Path file = write("unused.aemodel", "model C(x: 784) -> 784 {\n  y = dense(3)(x)\n  return dense(784)(x)\n}\n");
        assertThat(CliRun.of("check", file.toString()).err())
                .endsWith("For more about this warning, run `aec explain W0502`.\n");
        assertThat(CliRun.of("check", "--quiet", file.toString()).err()).doesNotContain("aec explain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"check", "fmt", "gen", "train"})
    void everyCommandThatPrintsDiagnosticsInFullEndsWithTheExplainLine(String command) throws IOException {
        Path file = write("broken.aemodel", SYNTAX_ERROR);
        CliRun run = command.equals("gen")
                ? CliRun.of(command, file.toString(), "-o", tmp.resolve("generated").toString())
                : CliRun.of(command, file.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.err()).contains(file + ":2:12: error[E0002]")
                .endsWith("\nFor more about this error, run `aec explain E0002`.\n");
    }

    private Path write(String name, String text) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
