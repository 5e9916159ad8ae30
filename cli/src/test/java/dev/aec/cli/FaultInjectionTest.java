package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aec.runtime.TestData;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real `aec train` processes stopped by SIGINT, SIGTERM, two SIGINTs 50 ms apart and SIGKILL at
 * seeded moments (as the run directory is made, while the data loads, in the middle of an epoch,
 * while a checkpoint is written, during the final evaluation), each followed by `--resume`: every run must end with the losses of
 * a run nobody stopped. `-Daec.faults.seed=N` replays another set of moments.
 */
class FaultInjectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = Long.getLong("aec.faults.seed", 20261202L);

    @TempDir
    static Path tmp;

    private static Path data;
    private static JsonNode reference;

    enum Stop {
        SIGINT, SIGTERM, TWO_SIGINTS, SIGKILL
    }

    enum Moment {
        STARTING, LOADING_DATA, MID_EPOCH, WRITING_CHECKPOINT, FINAL_EVALUATION
    }

    /** Every kind of stop at every moment, SIGKILL while writing a checkpoint three times. */
    private static final Object[][] SCENARIOS = {
        {Stop.SIGINT, Moment.LOADING_DATA}, {Stop.SIGTERM, Moment.MID_EPOCH},
        {Stop.TWO_SIGINTS, Moment.WRITING_CHECKPOINT}, {Stop.SIGKILL, Moment.FINAL_EVALUATION},
        {Stop.SIGINT, Moment.MID_EPOCH}, {Stop.SIGTERM, Moment.WRITING_CHECKPOINT},
        {Stop.TWO_SIGINTS, Moment.FINAL_EVALUATION}, {Stop.SIGKILL, Moment.LOADING_DATA},
        {Stop.SIGKILL, Moment.WRITING_CHECKPOINT}, {Stop.SIGINT, Moment.WRITING_CHECKPOINT},
        {Stop.SIGKILL, Moment.MID_EPOCH}, {Stop.SIGTERM, Moment.FINAL_EVALUATION},
        {Stop.SIGKILL, Moment.WRITING_CHECKPOINT}, {Stop.TWO_SIGINTS, Moment.LOADING_DATA},
        {Stop.SIGKILL, Moment.STARTING}, {Stop.SIGTERM, Moment.STARTING},
    };

    @BeforeAll
    static void referenceRun() throws Exception {
        data = TestData.writeIdx(tmp.resolve("data"), TestData.mnist(Split.TRAIN, 2000), TestData.mnist(Split.TEST, 400));
        Path out = tmp.resolve("reference");
        TrainProcess process = TrainProcess.start(trainArgs(out), tmp.resolve("reference.log"));
        assertThat(process.waitFor()).as(process.log()).isEqualTo(ExitCode.OK);
        reference = JSON.readTree(out.resolve(RunDirectory.RECORD).toFile());
        assertThat(reference.get("status").asText()).isEqualTo("finished");
    }

    private static List<String> trainArgs(Path out) {
        // Checkpoints every 5 batches, so that a SIGKILL lands between periodic checkpoints too.
        return List.of("train", CliRun.model("conv_autoencoder.aemodel"), "--data", data.toString(), "--no-verify",
                "--batch", "40", "--epochs", "2", "--checkpoint-every", "5", "--out", out.toString());
    }

    @Test
    void everyStoppedRunResumesToTheLossesOfAnUninterruptedOne() throws Exception {
        Random random = new Random(SEED);
        int killed = 0;
        int matched = 0;
        int restarted = 0;
        List<String> report = new ArrayList<>();
        for (int i = 0; i < SCENARIOS.length; i++) {
            Stop stop = (Stop) SCENARIOS[i][0];
            Moment moment = (Moment) SCENARIOS[i][1];
            // A checkpoint takes milliseconds to write: the stop must land at once to land inside it.
            int delayMillis = moment == Moment.WRITING_CHECKPOINT || moment == Moment.STARTING ? 0
                    : random.nextInt(120);
            Path out = tmp.resolve("run-" + i);
            String scenario = String.format(Locale.ROOT, "%s %s +%d ms (seed %d)", stop, moment, delayMillis, SEED);
            TrainProcess process = TrainProcess.start(trainArgs(out), tmp.resolve("run-" + i + ".log"));
            boolean hit = process.awaitMoment(moment, out);
            Thread.sleep(delayMillis);
            boolean alive = process.isAlive();
            process.send(stop);
            int code = process.waitFor();
            String log = process.log();
            if (alive && hit) {
                killed++;
            }
            assertThat(code).as(scenario + "\n" + log).isIn(expectedCodes(stop));
            assertThat(log).as(scenario).doesNotContain("Exception").doesNotContain("\tat ");
            if ((code == ExitCode.INTERRUPTED || code == ExitCode.TERMINATED) && !Files.exists(out)) {
                // Stopped while the data loaded, before the run directory was made.
                assertThat(log).as(scenario).contains("stopped while loading the data, before anything was written");
            } else if (code == ExitCode.INTERRUPTED || code == ExitCode.TERMINATED) {
                assertThat(status(out)).as(scenario + ": a stop that says it saved a checkpoint").isIn("interrupted",
                        "finished");
            }
            if (code != ExitCode.OK && !Files.exists(out.resolve(RunDirectory.RECORD))) {
                // Killed in the milliseconds before the run's record existed: nothing was trained, and
                // the same command starts it again in the same directory, without --force.
                TrainProcess resumed = TrainProcess.start(List.of("train", "--resume", out.toString(), "--data",
                        data.toString(), "--no-verify"), tmp.resolve("resume-" + i + ".log"));
                assertThat(resumed.waitFor()).isEqualTo(ExitCode.USAGE);
                assertThat(resumed.log()).contains("nothing was trained");
                TrainProcess again = TrainProcess.start(trainArgs(out), tmp.resolve("again-" + i + ".log"));
                assertThat(again.waitFor()).as(scenario + "\n" + again.log()).isEqualTo(ExitCode.OK);
                restarted++;
            } else if (code != ExitCode.OK) {
                TrainProcess resumed = TrainProcess.start(List.of("train", "--resume", out.toString(), "--data",
                        data.toString(), "--no-verify"), tmp.resolve("resume-" + i + ".log"));
                assertThat(resumed.waitFor()).as(scenario + "\n" + log + "\n-- resumed:\n" + resumed.log())
                        .isEqualTo(ExitCode.OK);
            }
            JsonNode done = JSON.readTree(out.resolve(RunDirectory.RECORD).toFile());
            assertSameLosses(done, scenario);
            matched++;
            report.add(scenario + " -> exit " + code);
        }
        System.out.printf(Locale.ROOT, "fault injection: %d processes stopped at their moment, %d runs ended with the "
                + "reference losses (%d of them started again: stopped before their record existed)%n  %s%n", killed,
                matched, restarted, String.join("\n  ", report));
        assertThat(killed).as("stops that landed while the process was still at its moment")
                .isGreaterThanOrEqualTo(SCENARIOS.length - 2);
    }

    private static List<Integer> expectedCodes(Stop stop) {
        // A run that finished before the signal arrived exits 0, and one stopped during its final
        // evaluation finishes it first; the JVM reports SIGKILL as 128 + 9.
        return switch (stop) {
            case SIGINT, TWO_SIGINTS -> List.of(ExitCode.INTERRUPTED, ExitCode.OK);
            case SIGTERM -> List.of(ExitCode.TERMINATED, ExitCode.OK);
            case SIGKILL -> List.of(137, ExitCode.OK);
        };
    }

    private static void assertSameLosses(JsonNode done, String scenario) {
        assertThat(done.get("status").asText()).as(scenario).isEqualTo("finished");
        JsonNode epochs = done.get("epochs");
        assertThat(epochs.size()).as(scenario).isEqualTo(reference.get("epochs").size());
        for (int e = 0; e < epochs.size(); e++) {
            for (String loss : new String[] {"trainLoss", "validationLoss"}) {
                assertThat(epochs.get(e).get(loss).asDouble()).as(scenario + ": epoch " + (e + 1) + " " + loss)
                        .isCloseTo(reference.get("epochs").get(e).get(loss).asDouble(),
                                org.assertj.core.data.Offset.offset(1e-6));
            }
        }
        assertThat(done.get("testLoss").asDouble()).as(scenario + ": test loss")
                .isCloseTo(reference.get("testLoss").asDouble(), org.assertj.core.data.Offset.offset(1e-6));
    }

    private static String status(Path run) throws IOException {
        return JSON.readTree(run.resolve(RunDirectory.RECORD).toFile()).get("status").asText();
    }

    /** An `aec train` in its own JVM, as a user's shell would start it. */
    record TrainProcess(Process process, Path logFile) {
        static TrainProcess start(List<String> args, Path log) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName()));
            command.addAll(args);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new TrainProcess(process, log);
        }

        /** Waits until the run is at `moment`; false when the process ended first. */
        boolean awaitMoment(Moment moment, Path out) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (process.isAlive() && System.nanoTime() < deadline) {
                if (at(moment, out)) {
                    return true;
                }
                if (moment != Moment.WRITING_CHECKPOINT && moment != Moment.STARTING) {
                    Thread.sleep(5);
                }
            }
            return false;
        }

        private boolean at(Moment moment, Path out) throws IOException {
            return switch (moment) {
                case LOADING_DATA -> log().contains("loading mnist training images");
                // A checkpoint within the second epoch has been recorded.
                case MID_EPOCH -> Files.exists(out.resolve(RunDirectory.METRICS)) && readable(out)
                        .map(r -> r.get("position").get("batch").asInt() > 0).orElse(false);
                // The run directory exists, its record does not yet.
                case STARTING -> Files.isDirectory(out) && !Files.exists(out.resolve(RunDirectory.RECORD));
                case WRITING_CHECKPOINT -> Files.exists(out.resolve(".model.sd.next"));
                case FINAL_EVALUATION -> log().contains("measuring the test loss");
            };
        }

        private static java.util.Optional<JsonNode> readable(Path out) {
            try {
                return java.util.Optional.of(JSON.readTree(out.resolve(RunDirectory.RECORD).toFile()));
            } catch (IOException e) {
                return java.util.Optional.empty();
            }
        }

        boolean isAlive() {
            return process.isAlive();
        }

        void send(Stop stop) throws IOException, InterruptedException {
            switch (stop) {
                case SIGINT -> signal("INT");
                case SIGTERM -> signal("TERM");
                case TWO_SIGINTS -> {
                    signal("INT");
                    Thread.sleep(50);
                    signal("INT");
                }
                case SIGKILL -> process.destroyForcibly();
            }
        }

        private void signal(String name) throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start().waitFor();
        }

        int waitFor() throws InterruptedException {
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("aec train did not end within 3 minutes");
            }
            return process.exitValue();
        }

        String log() throws IOException {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        }
    }
}
