package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aec.runtime.TestData;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.RunDirectory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `aec train --spark`: its flags, what it says without Spark's jars, and a real run on Spark's local
 * mode in its own JVM, stopped by SIGTERM and resumed on Spark, as a user's shell would run them.
 */
class SparkTrainCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void sparkFlagsWithoutSparkAreUsageErrors() {
        for (String[] flags : new String[][] {{"--workers", "2"}, {"--sync-every", "5"}, {"--no-average-optimizer"}}) {
            List<String> args = new ArrayList<>(List.of("train", CliRun.model("dense_autoencoder.aemodel")));
            args.addAll(List.of(flags));
            CliRun run = CliRun.of(args.toArray(String[]::new));

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).contains(flags[0] + " needs --spark MASTER");
        }
    }

    @Test
    void aModelFileTakenAsTheMasterIsAUsageErrorThatSaysSo() {
        CliRun run = CliRun.of("train", "--spark", CliRun.model("dense_autoencoder.aemodel"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("as its master; put the model file before --spark");
    }

    @Test
    void moreWorkersThanTheBatchIsAUsageErrorBeforeAnythingIsWritten() throws IOException {
        Path out = tmp.resolve("run");

        CliRun run = trainSmall(out, "--batch", "10", "--spark", "local[2]", "--workers", "11");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("11 workers are more than the batch of 10");
        assertThat(out).doesNotExist();
    }

    @Test
    void withoutSparksJarsItSaysWhereTheyComeFrom() throws IOException {
        // This test JVM's class path is the command line's own: Spark is not on it.
        Path out = tmp.resolve("run");

        CliRun run = trainSmall(out, "--spark", "local[2]");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(run.err()).contains("Spark's jars are not on aec's class path").doesNotContain("\tat ");
        assertThat(out).doesNotExist();
    }

    @Test
    void aRunOnLocalSparkStoppedBySigtermResumesOnSparkToTheEnd() throws Exception {
        Path sparkLib = SparkJvm.sparkLib();
        assumeTrue(Files.isDirectory(sparkLib), "Spark's jars are copied to spark/target/spark-lib by the spark "
                + "module's package phase, which has not run in this build");
        Path data = TestData.writeIdx(tmp.resolve("data"), TestData.mnist(Split.TRAIN, 3000),
                TestData.mnist(Split.TEST, 200));
        Path out = tmp.resolve("run");
        List<String> train = List.of("train", CliRun.model("dense_autoencoder.aemodel"), "--data", data.toString(),
                "--no-verify", "--batch", "20", "--epochs", "2", "--spark", "local[2]", "--sync-every", "3",
                "--checkpoint-every", "6", "--out", out.toString());

        Process first = start(sparkLib, train, tmp.resolve("first.log"));
        awaitCheckpointWithinAnEpoch(first, out);
        new ProcessBuilder("kill", "-TERM", Long.toString(first.pid())).start().waitFor();
        int stopped = SparkJvm.waitFor(first);
        String firstLog = Files.readString(tmp.resolve("first.log"));
        assertThat(stopped).as(firstLog).isEqualTo(ExitCode.TERMINATED);
        assertThat(JSON.readTree(out.resolve(RunDirectory.RECORD).toFile()).get("status").asText())
                .isEqualTo("interrupted");

        Process second = start(sparkLib, List.of("train", "--resume", out.toString(), "--data", data.toString(), "--no-verify",
                "--spark", "local[2]"), tmp.resolve("second.log"));
        int resumed = SparkJvm.waitFor(second);
        String secondLog = Files.readString(tmp.resolve("second.log"));

        assertThat(resumed).as(secondLog).isEqualTo(ExitCode.OK);
        JsonNode record = JSON.readTree(out.resolve(RunDirectory.RECORD).toFile());
        assertThat(record.get("status").asText()).isEqualTo("finished");
        assertThat(record.get("distributed").get("master").asText()).isEqualTo("local[2]");
        assertThat(record.get("distributed").get("workers").asInt()).isEqualTo(2);
        assertThat(record.get("distributed").get("syncEvery").asInt()).isEqualTo(3);
        assertThat(record.get("epochs")).hasSize(2);
        assertThat(out.resolve(RunDirectory.PICTURE)).exists();
        assertThat(out.resolve(RunDirectory.MODEL)).exists();
        for (String log : List.of(firstLog, secondLog)) {
            assertThat(log).as("no stack trace, no Spark log lines").doesNotContain("\tat ").doesNotContain(" INFO ")
                    .doesNotContain("WARN ");
        }
        assertThat(secondLog).contains("aec: resuming").contains("aec: training on Spark (local[2]): 2 workers "
                + "averaging every 3 batches\n");
    }

    @Test
    void aMasterSparkCannotParseIsAUsageErrorBeforeAnythingIsWritten() throws Exception {
        Path sparkLib = SparkJvm.sparkLib();
        assumeTrue(Files.isDirectory(sparkLib), "Spark's jars are copied to spark/target/spark-lib by the spark "
                + "module's package phase, which has not run in this build");
        Path data = TestData.writeIdx(tmp.resolve("data"), TestData.mnist(Split.TRAIN, 100),
                TestData.mnist(Split.TEST, 50));
        Path out = tmp.resolve("run");

        Process process = start(sparkLib, List.of("train", CliRun.model("dense_autoencoder.aemodel"), "--data",
                data.toString(), "--no-verify", "--spark", "bogus", "--out", out.toString()), tmp.resolve("bad.log"));
        int code = SparkJvm.waitFor(process);
        String log = Files.readString(tmp.resolve("bad.log"));

        assertThat(code).as(log).isEqualTo(ExitCode.USAGE);
        assertThat(log).contains("`bogus` is not a Spark master").doesNotContain("\tat ").doesNotContain("internal error");
        assertThat(out).doesNotExist();
    }

    /** `aec train` in this JVM of the dense autoencoder on 100 generated images into `out`, with `flags`. */
    private CliRun trainSmall(Path out, String... flags) throws IOException {
        Path data = TestData.writeIdx(tmp.resolve("data"), TestData.mnist(Split.TRAIN, 100),
                TestData.mnist(Split.TEST, 50));
        List<String> args = new ArrayList<>(List.of("train", CliRun.model("dense_autoencoder.aemodel"), "--data",
                data.toString(), "--no-verify", "--out", out.toString()));
        args.addAll(List.of(flags));
        return CliRun.of(args.toArray(String[]::new));
    }

    /** `aec train` in its own JVM with Spark's jars first and Spark's Java options, as the `aec` script starts it. */
    private static Process start(Path sparkLib, List<String> args, Path log) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-cp",
                sparkLib + File.separator + "*" + File.pathSeparator + System.getProperty("java.class.path"),
                Main.class.getName()));
        arguments.addAll(args);
        return SparkJvm.builder(arguments, log).start();
    }

    private static void awaitCheckpointWithinAnEpoch(Process process, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (process.isAlive() && System.nanoTime() < deadline) {
            Path record = out.resolve(RunDirectory.RECORD);
            if (Files.exists(out.resolve(RunDirectory.METRICS)) || (Files.exists(record) && batch(record) > 0)) {
                return;
            }
            Thread.sleep(10);
        }
    }

    private static int batch(Path record) {
        try {
            return JSON.readTree(record.toFile()).get("position").get("batch").asInt();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
