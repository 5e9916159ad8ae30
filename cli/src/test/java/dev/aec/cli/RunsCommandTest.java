package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aec.runtime.run.RunDirectory;
import dev.aec.runtime.run.RunRecord;
import dev.aec.runtime.run.SyntheticRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `aec runs`: one row a run, damaged runs said so, and the exit codes scripts rely on. */
class RunsCommandTest {
    @TempDir
    Path tmp;

    private Path runs;

    @BeforeEach
    void threeRuns() throws Exception {
        runs = Files.createDirectories(tmp.resolve("runs"));
        SyntheticRuns.write(runs.resolve("dense-a"), SyntheticRuns.record("Autoencoder", "mnist", 3000, 4,
                SyntheticRuns.epochs(new double[] {0.30, 0.20, 0.15, 0.12}, new double[] {0.31, 0.19, 0.16, 0.17}),
                RunRecord.FINISHED, 0.1234));
        SyntheticRuns.write(runs.resolve("vae"), SyntheticRuns.record("VAE", "mnist", null, 10,
                List.of(SyntheticRuns.vaeEpoch(1, 200, 170, 25), SyntheticRuns.vaeEpoch(2, 170, 140, 28)),
                RunRecord.INTERRUPTED, null));
        SyntheticRuns.write(runs.resolve("sweep").resolve("lr-1"), SyntheticRuns.record("Autoencoder", "mnist", null,
                5, SyntheticRuns.epochs(new double[] {0.5}, null), RunRecord.RUNNING, null));
    }

    private void damage() throws Exception {
        Path broken = Files.createDirectories(runs.resolve("broken"));
        Files.writeString(broken.resolve(RunDirectory.RECORD), "{\"model\": \"Autoencoder\", \"status\": ");
    }

    @Test
    void eachRunIsARowWithWhereItStandsAndWhatItMeasured() {
        CliRun run = CliRun.of("runs", runs.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).containsSubsequence("run", "model", "data", "epochs", "best val. loss", "test loss",
                "samples/s", "status");
        assertThat(row(lines, "dense-a")).containsSubsequence("Autoencoder", "mnist, first 3,000", "4/4",
                "0.1600 (3)", "0.1200", "0.1234", "1,000", "finished");
        assertThat(row(lines, "vae")).containsSubsequence("VAE", "mnist", "2/10", "168.00 (2)", "interrupted");
        // Killed without a word: the record says running, but no process holds its lock.
        assertThat(row(lines, "sweep/lr-1")).containsSubsequence("Autoencoder", "1/5", "stopped");
        assertThat(row(lines, "sweep/lr-1").split("\\s+")).contains("-");
        assertThat(lines).hasSize(4);
    }

    @Test
    void aRunThatAProcessTrainsIsListedAsTraining() throws Exception {
        Path live = runs.resolve("live");
        try (RunDirectory dir = RunDirectory.create(live, false)) {
            dir.writeRecord(SyntheticRuns.record("Autoencoder", "mnist", null, 5,
                    SyntheticRuns.epochs(new double[] {0.5, 0.4}, null), RunRecord.RUNNING, null));
            CliRun run = CliRun.of("runs", runs.toString());
            assertThat(row(run.out().lines().toList(), "live")).endsWith("training");
        }
    }

    @Test
    void aDamagedRunIsListedWithItsProblemAndTheExitCodeSaysSo() throws Exception {
        damage();
        CliRun run = CliRun.of("runs", runs.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        List<String> lines = run.out().lines().toList();
        assertThat(row(lines, "broken")).endsWith("damaged");
        assertThat(run.out()).containsPattern("broken: damaged: .*run\\.json is damaged: not a run record");
        assertThat(row(lines, "dense-a")).endsWith("finished");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aFailedRunIsListedWithItsReasonBelowTheTable() throws Exception {
        SyntheticRuns.write(runs.resolve("oom"), SyntheticRuns.record("Autoencoder", "mnist", null, 5,
                SyntheticRuns.epochs(new double[] {0.5, 0.4}, null), RunRecord.RUNNING, null)
                .withStatus(RunRecord.FAILED, "out of memory", "2026-12-03T11:00:00Z"));
        CliRun run = CliRun.of("runs", runs.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(row(run.out().lines().toList(), "oom")).contains("2/5").endsWith("failed");
        assertThat(run.out()).contains("\noom: failed: out of memory\n");
    }

    @Test
    void jsonHoldsTheSameFacts() throws Exception {
        damage();
        CliRun run = CliRun.of("runs", runs.toString(), "--format", "json");
        assertThat(run.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        JsonNode root = new ObjectMapper().readTree(run.out());
        JsonNode dense = find(root, "dense-a");
        assertThat(dense.get("epochs").asInt()).isEqualTo(4);
        assertThat(dense.get("plannedEpochs").asInt()).isEqualTo(4);
        assertThat(dense.get("bestEpoch").asInt()).isEqualTo(3);
        assertThat(dense.get("bestValidationLoss").asDouble()).isEqualTo(0.16);
        assertThat(dense.get("testLoss").asDouble()).isEqualTo(0.1234);
        assertThat(dense.get("limit").asInt()).isEqualTo(3000);
        assertThat(dense.get("status").asText()).isEqualTo("finished");
        assertThat(find(root, "sweep/lr-1").get("bestValidationLoss").isNull()).isTrue();
        assertThat(find(root, "broken").get("status").asText()).isEqualTo("damaged");
        assertThat(find(root, "broken").get("problem").asText()).contains("run.json is damaged");
    }

    @Test
    void anEmptyFolderSaysThereAreNoRuns() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun run = CliRun.of("runs", empty.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("no runs in " + empty).contains("run.json");
    }

    @Test
    void aMissingFolderIsAUsageErrorInOneLine() {
        CliRun run = CliRun.of("runs", tmp.resolve("nowhere").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().lines()).singleElement().asString().startsWith("aec: error: no folder ");
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        CliRun run = CliRun.of("runs", runs.toString(), "--format", "yaml");
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("expected text or json");
    }

    @Test
    void oneRunDirectoryIsAFolderOfOneRun() {
        CliRun run = CliRun.of("runs", runs.resolve("vae").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out().lines().toList()).hasSize(2);
        assertThat(row(run.out().lines().toList(), "vae")).contains("interrupted");
    }

    @Test
    void helpShowsAnExample() {
        CliRun run = CliRun.of("runs", "--help");
        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("Examples:").contains("aec runs experiments/");
    }

    private static String row(List<String> lines, String name) {
        return lines.stream().filter(l -> l.startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + String.join("\n", lines)));
    }

    private static JsonNode find(JsonNode root, String name) {
        for (JsonNode run : root.get("runs")) {
            if (run.get("name").asText().equals(name)) {
                return run;
            }
        }
        throw new AssertionError("no run " + name + " in " + root);
    }
}
