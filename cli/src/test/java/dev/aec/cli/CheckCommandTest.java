package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CheckCommandTest {
    @TempDir
    Path tmp;

    @Test
    void cleanModelPrintsTablesAndExitsZero() {
        CliRun run = CliRun.of("check", CliRun.model("conv_autoencoder.aemodel"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("model Encoder : 28x28x1 -> 4x4x8")
                .contains("model Autoencoder : 28x28x1 -> 28x28x1")
                .containsPattern("maxpool\\(2x2, same\\)\\s+4x4x8")
                .containsPattern("total\\s+4,385");
        assertThat(run.err()).isEmpty();
    }

    /**
     * Keras's count for BatchNormalization is 4 per channel, gamma and beta trainable, the moving
     * mean and variance not: 16 channels give 64 (32 not trainable), 8 give 32 (16); the convolutions
     * 3*3*1*16 + 16 = 160 and 3*3*16*8 + 8 = 1,160. Total 1,416, trainable 1,368, non-trainable 48.
     */
    @Test
    void batchNormSummaryCountsTrainableAndNonTrainableApartAsKeras() throws IOException {
        Path file = tmp.resolve("normalised.aemodel");
        Files.writeString(file, """
                model Encoder : 28x28x1 -> 7x7x8 {
                  conv2d(16, kernel: 3x3, activation: relu, padding: same)
                  batch_norm
                  maxpool(2x2)
                  conv2d(8, kernel: 3x3, activation: relu, padding: same)
                  batch_norm(momentum: 0.9)
                  maxpool(2x2)
                }
                """);
        CliRun run = CliRun.of("check", file.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEqualTo("""
                model Encoder : 28x28x1 -> 7x7x8
                  layer                        output    params
                  ---------------------------------------------
                  input                        28x28x1        0
                  conv2d(16, 3x3, relu, same)  28x28x16     160
                  batch_norm                   28x28x16      64
                  maxpool(2x2, valid)          14x14x16       0
                  conv2d(8, 3x3, relu, same)   14x14x8    1,160
                  batch_norm(momentum 0.9)     14x14x8       32
                  maxpool(2x2, valid)          7x7x8          0
                  ---------------------------------------------
                  total                                   1,416
                  trainable                               1,368
                  non-trainable                              48

                """);
    }

    @Test
    void modelWithoutNonTrainableValuesPrintsTheTotalAlone() {
        CliRun run = CliRun.of("check", CliRun.model("conv_autoencoder.aemodel"));
        assertThat(run.out()).doesNotContain("trainable");
    }

    @Test
    void brokenModelPrintsEveryErrorOnStderrAndExitsOne() throws IOException {
        Path file = tmp.resolve("broken.aemodel");
        Files.writeString(file, """
                model Encoder : 28x28x1 -> 4x4x8 {
                  conv2d(16, kernal: 3x3)
                  maxpol(2x2)
                }
                """);
        CliRun run = CliRun.of("check", file.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(file + ":2:14: error[E0106]: `conv2d` has no argument `kernal`")
                .contains("did you mean `kernel`?")
                .contains(file + ":3:3: error[E0101]: unknown layer or model `maxpol`")
                .contains("2 errors");
    }

    @Test
    void shortFormatPrintsOneLinePerProblem() throws IOException {
        Path file = tmp.resolve("broken.aemodel");
        Files.writeString(file, "model A : 784 -> 10 {\n  dense(10)\n  dense(0)\n}\n");
        CliRun run = CliRun.of("check", "--format", "short", file.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.err().lines()).containsExactly(file + ":3:9: error[E0205]: `units` must be positive, found 0");
    }

    @Test
    void missingFileIsAUsageErrorAndOtherFilesAreStillChecked() {
        CliRun run = CliRun.of("check", tmp.resolve("nope.aemodel").toString(), CliRun.model("dense_autoencoder.aemodel"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("cannot read").contains("nope.aemodel").contains("no such file");
        assertThat(run.out()).contains("226,512");
    }

    @Test
    void binaryFileIsAClearError() throws IOException {
        Path file = tmp.resolve("image.aemodel");
        Files.write(file, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff, (byte) 0xfe});
        CliRun run = CliRun.of("check", file.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.err()).contains(file + ":1:1: error[E0006]: not a text file: this is a PNG image")
                .doesNotContain("Exception");
    }

    @Test
    void fileThatIsNotUtf8PointsAtTheFirstBadByte() throws IOException {
        Path file = tmp.resolve("latin1.aemodel");
        Files.write(file, "model A : 784 -> 784 {\n  relu  # caf\u00e9\n}\n".getBytes(StandardCharsets.ISO_8859_1));
        CliRun run = CliRun.of("check", file.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.err()).contains(file + ":2:14: error[E0006]: invalid UTF-8: byte 0xE9")
                .contains("   2 |   relu  # caf\ufffd")
                .contains("help: save the file as UTF-8")
                .contains(file + ": 1 error");
    }

    @Test
    void tenThousandErrorsPrintFiftyThenOneLineCountingTheRest() throws IOException {
        Path file = tmp.resolve("many.aemodel");
        Files.writeString(file, "model A : 784 -> 784 {\n" + "  densx(16)\n".repeat(10_000) + "}\n");
        CliRun run = CliRun.of("check", file.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(headers(run.err(), "error[E0101]")).isEqualTo(50);
        assertThat(run.err()).contains(file + ":51:3: error[E0101]").doesNotContain(file + ":52:3:")
                .contains("aec: 9,950 more errors not shown; --max-errors N shows more\n")
                .endsWith(file + ": 10000 errors\nFor more about this error, run `aec explain E0101`.\n");
        assertThat(run.err().length()).isLessThan(20_000);

        CliRun all = CliRun.of("check", "--max-errors", "0", file.toString());
        assertThat(headers(all.err(), "error[E0101]")).isEqualTo(10_000);
        assertThat(all.err()).doesNotContain("not shown");

        CliRun shortForm = CliRun.of("check", "--format", "short", "--max-errors", "3", file.toString());
        assertThat(shortForm.err().lines()).containsExactly(
                file + ":2:3: error[E0101]: unknown layer or model `densx`",
                file + ":3:3: error[E0101]: unknown layer or model `densx`",
                file + ":4:3: error[E0101]: unknown layer or model `densx`",
                "aec: 9,997 more errors not shown; --max-errors N shows more");
    }

    @Test
    void jsonHasTheExactCountsAndAtMostMaxErrorsDiagnostics() throws IOException {
        Path file = tmp.resolve("many.aemodel");
        Files.writeString(file, "model A : 784 -> 784 {\n" + "  densx(16)\n".repeat(120) + "}\n");
        CliRun run = CliRun.of("check", "--format", "json", file.toString());
        JsonNode report = new ObjectMapper().readTree(run.out()).get("files").get(0);
        assertThat(report.get("errors").asLong()).isEqualTo(120);
        assertThat(report.get("warnings").asLong()).isZero();
        assertThat(report.get("diagnostics")).hasSize(50);
        assertThat(report.get("diagnosticsNotShown").asLong()).isEqualTo(70);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "many"})
    void badMaxErrorsIsAUsageError(String value) {
        CliRun run = CliRun.of("check", "--max-errors", value, CliRun.model("dense_autoencoder.aemodel"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--max-errors");
    }

    private static long headers(String err, String kind) {
        return err.lines().filter(l -> l.contains(": " + kind + ": ")).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--no-such-flag", "--format=xml"})
    void badFlagsAreUsageErrors(String flag) {
        CliRun run = CliRun.of("check", flag, CliRun.model("dense_autoencoder.aemodel"));
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("aec check --help");
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(CliRun.of().exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.of("chek").err()).contains("Did you mean").contains("check");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "check --help", "--version"})
    void helpAndVersionExitZero(String args) {
        CliRun run = CliRun.of(args.split(" "));
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isNotBlank();
    }

    @Test
    void jsonFormatCarriesTheSameFacts() throws IOException {
        Path broken = tmp.resolve("broken.aemodel");
        Files.writeString(broken, "model A : 784 -> 10 {\n  dense(11)\n}\n");
        CliRun run = CliRun.of("check", "--format", "json", CliRun.model("conv_autoencoder.aemodel"), broken.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        JsonNode root = new ObjectMapper().readTree(run.out());
        JsonNode conv = root.get("files").get(0);
        assertThat(conv.get("ok").asBoolean()).isTrue();
        JsonNode autoencoder = conv.get("models").get(2);
        assertThat(autoencoder.get("name").asText()).isEqualTo("Autoencoder");
        assertThat(autoencoder.get("params").asLong()).isEqualTo(4385);
        assertThat(autoencoder.get("layers").get(1).get("layer").asText()).isEqualTo("Encoder");
        assertThat(autoencoder.get("layers").get(1).get("output").asText()).isEqualTo("4x4x8");
        assertThat(autoencoder.get("layers").get(1).get("layers").get(0).get("params").asLong()).isEqualTo(160);
        assertThat(conv.get("trains").get(0).get("optimizer").get("name").asText()).isEqualTo("adadelta");
        JsonNode error = root.get("files").get(1).get("diagnostics").get(0);
        assertThat(error.get("code").asText()).isEqualTo("E0302");
        assertThat(error.get("line").asInt()).isEqualTo(1);
        assertThat(error.get("column").asInt()).isEqualTo(18);
    }

    /**
     * `aec check` runs on every save in an editor: it must not load ND4J, JavaCPP and its native
     * libraries, nor the training runtime that another command's options name (picocli loads what
     * a subcommand's fields and methods name when the subcommand is added).
     */
    @Test
    void checkLoadsNoNd4jClass() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-verbose:class", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "check", CliRun.model("conv_autoencoder.aemodel"))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(0);
        assertThat(output).contains("dev.aec.compiler.check.Checker").contains("total");
        assertThat(output).doesNotContain("org.nd4j").doesNotContain("org.bytedeco")
                .doesNotContain("dev.aec.runtime.train.").doesNotContain("dev.aec.runtime.run.");
    }

    @Test
    void trainSummaryShowsEachDataSourceAndTheTestSet() throws IOException {
        String header = java.util.stream.IntStream.range(0, 784).mapToObj(i -> "p" + i)
                .collect(java.util.stream.Collectors.joining(","));
        String row = java.util.stream.IntStream.range(0, 784).mapToObj(i -> Integer.toString(i % 7))
                .collect(java.util.stream.Collectors.joining(","));
        Files.writeString(tmp.resolve("digits.csv"), header + "\n" + (row + "\n").repeat(40));
        Path model = tmp.resolve("files.aemodel");
        Files.writeString(model, """
                model Autoencoder : 784 -> 784 { dense(784, activation: sigmoid) }
                train Autoencoder {
                  data: csv("digits.csv", header: true, columns: "0-783", scale: minmax)
                  loss: mse
                  optimizer: adam
                  validation: split(0.1)
                }
                """);
        CliRun run = CliRun.of("check", model.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("  data        csv(\"digits.csv\", header: true, columns: \"0-783\", scale: minmax)"
                        + " (40 samples of 784)\n")
                .contains("  validation  split(0.1)\n")
                .contains("  test        none\n");
        assertThat(CliRun.of("check", CliRun.model("conv_autoencoder.aemodel")).out())
                .contains("  data        mnist.train (28x28x1 images)\n")
                .contains("  test        mnist.test\n");
    }

    @Test
    void trainSummaryShowsWhatAProbeFoundInTheFiles() {
        dev.aec.compiler.data.DataProbe probe = source -> new dev.aec.compiler.data.DataProbe.Found(
                dev.aec.compiler.types.Shape.of(28, 28, 1), java.util.OptionalInt.of(1200), java.util.List.of("a", "b"));
        dev.aec.compiler.Compiler.Result result = dev.aec.compiler.Compiler.compile(
                new dev.aec.compiler.source.SourceFile("files.aemodel", """
                        model Classifier : 784 -> 2 { dense(2, activation: softmax) }
                        train Classifier {
                          data: images("letters", size: 28x28x1)
                          loss: categorical_crossentropy
                          optimizer: adam
                          test: images("letters_test", size: 28x28x1)
                        }
                        """), tmp, java.util.Optional.empty(), dev.aec.compiler.source.SourceText::read, probe);
        assertThat(result.ok()).isTrue();
        assertThat(SummaryTable.render(result))
                .contains("  data        images(\"letters\", size: 28x28x1) (1,200 samples of 28x28x1 flattened to 784, "
                        + "2 classes)\n")
                .contains("  test        images(\"letters_test\", size: 28x28x1) (1,200 samples)\n");
    }
}
