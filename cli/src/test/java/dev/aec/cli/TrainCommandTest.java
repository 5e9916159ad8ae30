package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.runtime.TestData;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.RunDirectory;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import dev.aec.compiler.Compiler;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.source.SourceFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** `aec train` as a user meets it: the happy path on a small slice, and every way it can go wrong. */
class TrainCommandTest {
    @TempDir
    Path tmp;

    private Path data;

    @BeforeEach
    void smallDataset() throws IOException {
        data = TestData.writeIdx(tmp.resolve("data"), TestData.mnist(Split.TRAIN, 200), TestData.mnist(Split.TEST, 50));
    }

    private CliRun train(String... extra) {
        List<String> args = new ArrayList<>(List.of("train", CliRun.model("conv_autoencoder.aemodel"),
                "--data", data.toString(), "--no-verify", "--batch", "50", "--epochs", "1"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void trainsAndSaysWhereTheRunWentAndItsTestLoss() {
        Path out = tmp.resolve("run");
        CliRun run = train("--out", out.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("run:        " + out).containsPattern("test loss:  0\\.\\d{4}")
                .contains("reconstructions.png");
        assertThat(run.err()).contains("epoch 1/1: loss").doesNotContain("WARN").doesNotContain("Added differentiated op");
        for (String file : List.of(RunDirectory.MODEL, RunDirectory.RECORD, RunDirectory.METRICS, RunDirectory.PICTURE,
                RunDirectory.SOURCE)) {
            assertThat(out.resolve(file)).exists();
        }
        // The conv autoencoder trains in aec's fast executor (TrainingStep.of), whose optimizer state is
        // saved beside model.sd.
        assertThat(out.resolve(RunDirectory.OPTIMIZER)).exists();
        CliRun eval = CliRun.of("eval", out.toString(), "--data", data.toString(), "--no-verify");
        assertThat(eval.exitCode()).isEqualTo(ExitCode.OK);
        String reported = run.out().replaceAll("(?s).*test loss:  (0\\.\\d{4}).*", "$1");
        assertThat(eval.out()).contains("test loss: " + reported);
    }

    @Test
    void existingRunDirectoryIsRefusedAndLeftAlone() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        CliRun run = train("--out", out.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("already exists").contains("--force");
        assertThat(out.resolve("notes.txt")).hasContent("mine");
        assertThat(train("--out", out.toString(), "--force").err()).contains("not an aec run directory");
        assertThat(out.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void truncatedDataFileIsAClearErrorNamingTheFile() throws IOException {
        Path images = data.resolve("train-images-idx3-ubyte");
        try (RandomAccessFile f = new RandomAccessFile(images.toFile(), "rw")) {
            f.setLength(f.length() - 100);
        }
        CliRun run = train("--out", tmp.resolve("run").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("train-images-idx3-ubyte").contains("truncated").doesNotContain("Exception");
    }

    @Test
    void wrongMagicNumberIsAClearError() throws IOException {
        Path labels = data.resolve("t10k-labels-idx1-ubyte");
        byte[] bytes = Files.readAllBytes(labels);
        bytes[3] = 0x03;
        Files.write(labels, bytes);
        CliRun run = train("--out", tmp.resolve("run").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("t10k-labels-idx1-ubyte").containsIgnoringCase("magic");
    }

    @Test
    void dataThatIsNotTheOriginalFailsItsChecksumUnlessToldOtherwise() {
        List<String> args = List.of("train", CliRun.model("conv_autoencoder.aemodel"), "--data", data.toString(),
                "--out", tmp.resolve("run").toString());
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("checksum mismatch").contains("train-images-idx3-ubyte").contains("--no-verify");
    }

    @Test
    void unwritableOutputIsAnEnvironmentError() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliRun run = train("--out", file.resolve("run").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("cannot create").contains("a-file");
    }

    @Test
    void outOfRangeFlagsAreUsageErrors() {
        assertThat(train("--epochs", "0").exitCode()).isEqualTo(ExitCode.USAGE);
        CliRun run = train("--limit", "-5");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("--limit must be at least 1, found -5");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            --epochs | 0          | --epochs must be between 1 and 1000000, found 0
            --epochs | -3         | --epochs must be between 1 and 1000000, found -3
            --epochs | 1000001    | --epochs must be between 1 and 1000000, found 1000001
            --epochs | 1000000000 | --epochs must be between 1 and 1000000, found 1000000000
            --batch  | 0          | --batch must be between 1 and 1000000, found 0
            --batch  | 2000000    | --batch must be between 1 and 1000000, found 2000000
            --batch  | 60001      | --batch of 60001 is larger than mnist.train (60000 samples)
            --seed   | -1         | --seed must be at least 0, found -1
            --seed   | 2147483648 | --seed must be at most 2147483647, found 2147483648
            --limit  | 0          | --limit must be at least 1, found 0
            --limit  | -5         | --limit must be at least 1, found -5
            --epochs | ten        | Invalid value for option '--epochs': 'ten' is not an int
            --batch  | 9999999999 | Invalid value for option '--batch': '9999999999' is not an int
            """)
    void overrideOutsideTheTrainBlockLimitsIsAUsageErrorInTheCompilersWords(String flag, String value, String message) {
        Path out = tmp.resolve("run");
        CliRun run = CliRun.of("train", CliRun.model("conv_autoencoder.aemodel"), "--data", data.toString(),
                "--no-verify", "--out", out.toString(), flag, value);
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("aec: " + message).doesNotContain("Exception");
        assertThat(out).doesNotExist();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            epochs | 0
            epochs | 1000001
            batch  | 0
            batch  | 2000000
            batch  | 60001
            seed   | 2147483648
            """)
    void trainBlockAndFlagSayTheSame(String setting, String value) throws IOException {
        String text = Files.readString(Path.of(CliRun.model("conv_autoencoder.aemodel")))
                .replaceFirst("(?m)^  " + (setting.equals("seed") ? "shuffle: true" : setting + ": \\d+"),
                        (setting.equals("seed") ? "  shuffle: true\n  seed: " : "  " + setting + ": ") + value);
        List<Diagnostic> fromBlock = Compiler.compile(new SourceFile("block.aemodel", text),
                Path.of(CliRun.model("conv_autoencoder.aemodel")).getParent()).diagnostics().sorted();
        assertThat(fromBlock).hasSize(1);
        CliRun run = CliRun.of("train", CliRun.model("conv_autoencoder.aemodel"), "--data", data.toString(),
                "--no-verify", "--out", tmp.resolve("run").toString(), "--" + setting, value);
        String blockWords = fromBlock.get(0).message().replaceFirst("^`?" + setting + "`?", "");
        assertThat(run.err()).contains("aec: --" + setting + blockWords);
    }

    @Test
    void maxErrorsLimitsTheDiagnosticsOfAModelThatIsNotTrained() throws IOException {
        Path broken = tmp.resolve("broken.aemodel");
        Files.writeString(broken, "model A : 784 -> 784 {\n" + "  densx\n".repeat(80) + "}\n");
        CliRun run = CliRun.of("train", broken.toString(), "--data", data.toString(), "--no-verify",
                "--out", tmp.resolve("run").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.err().lines().filter(l -> l.contains("error[E0101]")).count()).isEqualTo(50);
        assertThat(run.err()).contains("aec: 30 more errors not shown; --max-errors N shows more");
        CliRun three = CliRun.of("train", broken.toString(), "--max-errors", "3");
        assertThat(three.err().lines().filter(l -> l.contains("error[E0101]")).count()).isEqualTo(3);
        assertThat(three.err()).contains("aec: 77 more errors not shown");
    }

    @Test
    void trainingOnAFileThatIsNotThereIsAModelErrorAndWritesNothing() throws IOException {
        Path model = tmp.resolve("files.aemodel");
        Files.writeString(model, """
                model Autoencoder : 784 -> 784 { dense(784, activation: sigmoid) }
                train Autoencoder { data: csv("digits.csv")  loss: mse  optimizer: adam }
                """);
        CliRun run = CliRun.of("train", model.toString(), "--out", tmp.resolve("run").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.err()).contains(model + ":2:31: error[E0408]: " + tmp.resolve("digits.csv") + ": no such file");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void modelWithErrorsIsNotTrained() throws IOException {
        Path broken = tmp.resolve("broken.aemodel");
        Files.writeString(broken, Files.readString(Path.of(CliRun.model("conv_autoencoder.aemodel")))
                .replace("optimizer: adadelta", "optimizer: adadelta(learning_rate: -1)"));
        CliRun run = CliRun.of("train", broken.toString(), "--data", data.toString(), "--no-verify",
                "--out", tmp.resolve("run").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.MODEL_ERRORS);
        assertThat(run.err()).contains("error[E0205]: `learning_rate` must be positive, found -1");
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void ctrlCSavesACheckpointAndResumeFinishesTheRun() throws Exception {
        Path bigger = TestData.writeIdx(tmp.resolve("bigger"), TestData.mnist(Split.TRAIN, 400),
                TestData.mnist(Split.TEST, 50));
        Path out = tmp.resolve("run");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", CliRun.model("conv_autoencoder.aemodel"), "--data", bigger.toString(), "--no-verify",
                "--batch", "20", "--epochs", "3", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("log.txt").toFile()).start();
        // Wait until the first checkpoint exists (the untrained weights, saved before the data loads).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(out.resolve(RunDirectory.MODEL)) && System.nanoTime() < deadline && process.isAlive()) {
            Thread.sleep(20);
        }
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(tmp.resolve("log.txt"));
        assertThat(process.exitValue()).as(log).isEqualTo(ExitCode.INTERRUPTED);
        assertThat(log).contains("checkpoint saved").contains("aec train --resume " + out);
        assertThat(Files.readString(out.resolve(RunDirectory.RECORD))).contains("\"status\" : \"interrupted\"");

        CliRun resumed = CliRun.of("train", "--resume", out.toString(), "--data", bigger.toString(), "--no-verify");
        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCode.OK);
        assertThat(resumed.err()).contains("resuming");
        String record = Files.readString(out.resolve(RunDirectory.RECORD));
        assertThat(record).contains("\"status\" : \"finished\"").contains("\"epoch\" : 3");
        assertThat(CliRun.of("eval", out.toString(), "--data", bigger.toString(), "--no-verify").exitCode())
                .isEqualTo(ExitCode.OK);
        CliRun again = CliRun.of("train", "--resume", out.toString(), "--data", bigger.toString(), "--no-verify");
        assertThat(again.exitCode()).as("resuming a finished run changes nothing and is no error").isEqualTo(ExitCode.OK);
        assertThat(again.err()).contains("already finished");
        assertThat(Files.readString(out.resolve(RunDirectory.RECORD))).isEqualTo(record);
    }
}
