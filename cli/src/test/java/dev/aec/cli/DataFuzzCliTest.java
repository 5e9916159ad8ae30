package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.runtime.data.DatasetFile;
import dev.aec.runtime.data.IdxMutator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded fuzzing of `aec train` and `aec eval` as a user runs them, in process through {@link
 * Main#run}: damaged IDX files under `--data DIR` (with and without `--no-verify`) end in exit 0
 * (the damage left a valid dataset) or 3 (a data error), never 4, and nothing on stderr looks like
 * a stack trace. The runtime's DataFuzzTest covers the same damage in the thousands; this covers
 * the commands around it.
 */
class DataFuzzCliTest {

    /** Inputs through `aec train` (each valid one trains a one-layer classifier for an epoch). */
    static final int TRAIN_INPUTS = 48;
    /** Inputs through `aec eval`, every third one verified (without `--no-verify`). */
    static final int EVAL_INPUTS = 160;
    private static final long SEED = 7_700_000L;

    private static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s+at [\\w.$]+\\(|Exception\\b|\\bError:|internal error");

    @TempDir
    static Path tmp;

    private static Path model;
    private static Path trainedRun;
    private static final Map<DatasetFile, byte[]> ORIGINALS = IdxMutator.smallMnistLike();

    @BeforeAll
    static void trainOnceOnValidData() throws IOException {
        model = tmp.resolve("tiny.aemodel");
        Files.writeString(model, """
                model Tiny : 28x28x1 -> 10 {
                  flatten
                  dense(10, activation: softmax)
                }

                train Tiny {
                  data: mnist
                  loss: categorical_crossentropy
                  optimizer: sgd
                  batch: 4
                  epochs: 1
                }
                """);
        Path data = IdxMutator.writeOriginals(tmp.resolve("valid"), ORIGINALS);
        trainedRun = tmp.resolve("trained");
        CliRun run = CliRun.of("train", model.toString(), "--data", data.toString(), "--no-verify", "--out",
                trainedRun.toString(), "-q");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    }

    @Test
    void damagedDataThroughTrainAndEvalIsExitZeroOrThreeWithoutAStackTrace() {
        IdxMutator mutator = new IdxMutator(ORIGINALS);
        IdxMutator.Kind[] kinds = IdxMutator.Kind.values();
        List<String> bugs = new ArrayList<>();
        int[] exits = new int[5];
        for (int i = 0; i < TRAIN_INPUTS + EVAL_INPUTS; i++) {
            IdxMutator.Kind kind = kinds[i % kinds.length];
            Path data = tmp.resolve("input");
            IdxMutator.Mutant mutant = mutator.write(data, kind, new Random(SEED + i));
            CliRun run;
            if (i < TRAIN_INPUTS) {
                run = CliRun.of("train", model.toString(), "--data", data.toString(), "--no-verify",
                        "--out", tmp.resolve("run-" + i).toString(), "-q");
                deleteTree(tmp.resolve("run-" + i));
            } else if (i % 3 == 0) {
                run = CliRun.of("eval", trainedRun.toString(), "--data", data.toString());
            } else {
                run = CliRun.of("eval", trainedRun.toString(), "--data", data.toString(), "--no-verify",
                        "--split", i % 2 == 0 ? "train" : "test");
            }
            if (run.exitCode() >= 0 && run.exitCode() < exits.length) {
                exits[run.exitCode()]++;
            }
            boolean expectedExit = run.exitCode() == ExitCode.OK || run.exitCode() == ExitCode.ENVIRONMENT;
            if (!expectedExit || STACK_TRACE.matcher(run.err()).find()) {
                bugs.add("input " + i + " (seed " + (SEED + i) + ", " + mutant.description() + "): exit "
                        + run.exitCode() + ", stderr: " + run.err());
            }
            deleteTree(data);
        }
        System.out.printf("cli data fuzz: %d inputs (%d train, %d eval); exit 0: %d, exit 3: %d%n",
                TRAIN_INPUTS + EVAL_INPUTS, TRAIN_INPUTS, EVAL_INPUTS, exits[0], exits[3]);
        assertThat(bugs).as("inputs that ended otherwise than in exit 0 or 3 without a stack trace").isEmpty();
        assertThat(exits[ExitCode.ENVIRONMENT]).isGreaterThan((TRAIN_INPUTS + EVAL_INPUTS) / 2);
        assertThat(exits[ExitCode.OK]).isPositive();
    }

    @Test
    void imagesOfAnotherSizeAreADataErrorThatSaysBothSizes() throws IOException {
        Path data = IdxMutator.writeOriginals(tmp.resolve("wide"), ORIGINALS);
        java.nio.ByteBuffer images = java.nio.ByteBuffer.allocate(16 + 6 * 32 * 32);
        images.putInt(0x00000803).putInt(6).putInt(32).putInt(32);
        Files.write(data.resolve("train-images-idx3-ubyte"), images.array());

        CliRun run = CliRun.of("train", model.toString(), "--data", data.toString(), "--no-verify",
                "--out", tmp.resolve("wide-run").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("aec: error: " + data.resolve("train-images-idx3-ubyte")
                + ": images are 32x32, expected 28x28: the model takes mnist images, which are 28x28");
        assertThat(run.err()).doesNotContain("internal error").doesNotContain("Exception");
    }

    @Test
    void labelsBeyondTheClassesAreADataErrorForAClassifier() throws IOException {
        Path data = IdxMutator.writeOriginals(tmp.resolve("labels"), ORIGINALS);
        Files.write(data.resolve("t10k-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 4, 7, 2, 10, 0});

        CliRun run = CliRun.of("eval", trainedRun.toString(), "--data", data.toString(), "--no-verify");

        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).isEqualTo("aec: error: " + data.resolve("t10k-labels-idx1-ubyte")
                + ": label 10 of item 2 is out of range: mnist has 10 classes, labelled 0 to 9\n");
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
