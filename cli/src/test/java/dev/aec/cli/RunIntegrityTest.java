package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.runtime.TestData;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run directory as an adversary leaves it: sources edited, checkpoint files truncated, deleted
 * or fuzzed, a second writer, a full disk. Every command must say what is wrong and how to go on,
 * never train or report on files that are not what the run wrote, and never crash.
 */
class RunIntegrityTest {
    private static final String MODEL = """
            model Encoder : 784 -> 2 {
              dense(32, activation: relu)
              dense(2)
            }
            model Decoder : 2 -> 784 {
              dense(32, activation: relu)
              dense(784, activation: sigmoid)
            }
            model Autoencoder : 784 -> 784 {
              Encoder
              Decoder
            }
            train Autoencoder {
              data: mnist
              loss: binary_crossentropy
              optimizer: adam
              batch: 50
              epochs: 2
              validation: mnist.test
            }
            """;
    /** Every command that reads a run, with the arguments it needs besides the run. */
    private static final List<List<String>> READERS = List.of(
            List.of("eval"), List.of("reconstruct", "--n", "4"), List.of("sample", "--n", "4"), List.of("latent", "--n", "50"),
            List.of("interpolate", "--from", "0", "--to", "1", "--steps", "3"), List.of("denoise", "--n", "2"));

    @TempDir
    static Path tmp;

    private static Path data;
    private static Path model;
    private static Path finished;

    @BeforeAll
    static void trainOnce() throws IOException {
        data = TestData.writeIdx(tmp.resolve("data"), TestData.mnist(Split.TRAIN, 300), TestData.mnist(Split.TEST, 60));
        model = Files.writeString(tmp.resolve("ae.aemodel"), MODEL);
        finished = tmp.resolve("finished");
        CliRun run = CliRun.of("train", model.toString(), "--data", data.toString(), "--no-verify", "--out",
                finished.toString());
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    }

    private static Path copy(Path run, String name) throws IOException {
        Path target = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(run)) {
            for (Path file : files.sorted().toList()) {
                Path to = target.resolve(run.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(file, to);
                }
            }
        }
        return target;
    }

    private static CliRun read(List<String> command, Path run) {
        List<String> args = new ArrayList<>(command.subList(0, 1));
        args.add(run.toString());
        args.addAll(command.subList(1, command.size()));
        args.addAll(List.of("--data", data.toString(), "--no-verify"));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static CliRun resume(Path run) {
        return CliRun.of("train", "--resume", run.toString(), "--data", data.toString(), "--no-verify");
    }

    @Test
    void editedSourceIsRefusedByEveryCommand() throws IOException {
        Path run = copy(finished, "edited");
        Files.writeString(run.resolve(RunDirectory.SOURCE), "\n# one more line\n", StandardOpenOption.APPEND);
        for (List<String> command : READERS) {
            CliRun result = read(command, run);
            assertThat(result.exitCode()).as(command + "\n" + result.err()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(result.err()).as(command.toString()).contains("model.aemodel was edited after the run was trained");
        }
        CliRun resumed = resume(run);
        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(resumed.err()).contains("was edited");
    }

    @ParameterizedTest
    @ValueSource(strings = {"truncated", "deleted", "swapped"})
    void damagedCheckpointIsRefusedByEveryCommand(String damage) throws IOException {
        Path run = copy(finished, "model-" + damage);
        Path file = run.resolve(RunDirectory.MODEL);
        switch (damage) {
            case "truncated" -> Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 1000));
            case "deleted" -> Files.delete(file);
            default -> Files.copy(finished.resolve(RunDirectory.OPTIMIZER), file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        for (List<String> command : READERS) {
            CliRun result = read(command, run);
            assertThat(result.exitCode()).as(command + "\n" + result.err()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(result.err()).as(command.toString()).contains("model.sd")
                    .contains(damage.equals("deleted") ? "is missing" : "is damaged or was changed");
        }
    }

    @Test
    void aCheckpointCommittedButNotMovedIntoPlaceIsFoundAndFinished() throws IOException {
        // As a process killed between recording a checkpoint in run.json and renaming its files leaves it.
        Path run = copy(finished, "unsettled");
        Files.move(run.resolve(RunDirectory.MODEL), run.resolve(".model.sd.next"));
        Files.write(run.resolve(RunDirectory.MODEL), new byte[] {1, 2, 3});
        CliRun eval = read(List.of("eval"), run);
        assertThat(eval.exitCode()).as(eval.err()).isEqualTo(ExitCode.OK);
        assertThat(eval.out()).isEqualTo(read(List.of("eval"), finished).out());
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointStartsAgainOnResume() throws IOException {
        // As a process killed between writing run.json and recording the untrained weights leaves it.
        Path run = copy(finished, "no-checkpoint");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var record = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(run.resolve(RunDirectory.RECORD)
                .toFile());
        record.put("status", "running");
        record.putNull("checkpoint");
        record.putNull("testLoss");
        record.putArray("epochs");
        var position = (com.fasterxml.jackson.databind.node.ObjectNode) record.get("position");
        position.put("epoch", 0);
        json.writeValue(run.resolve(RunDirectory.RECORD).toFile(), record);
        Files.delete(run.resolve(RunDirectory.MODEL));
        Files.delete(run.resolve(RunDirectory.OPTIMIZER));
        CliRun resumed = resume(run);
        assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCode.OK);
        assertThat(testLoss(Files.readString(run.resolve(RunDirectory.RECORD))))
                .isEqualTo(testLoss(Files.readString(finished.resolve(RunDirectory.RECORD))));
    }

    /**
     * Seeded mutations of run.json, model.sd and optimizer.bin, each fed to every command that
     * reads a run (and to `--resume`, for the checkpoint files): none may end in an internal
     * error, a stack trace or a message with a `null` in it.
     */
    @Test
    void fuzzedRunFilesNeverCrashAnyCommand() throws IOException {
        Random random = new Random(Long.getLong("aec.fuzz.seed", 11L));
        int inputs = 0;
        int refused = 0;
        for (String target : new String[] {RunDirectory.RECORD, RunDirectory.MODEL, RunDirectory.OPTIMIZER}) {
            byte[] original = Files.readAllBytes(finished.resolve(target));
            for (int i = 0; i < 8; i++) {
                Path run = copy(finished, "fuzz-" + target + "-" + i);
                byte[] mutant = target.equals(RunDirectory.RECORD) && i % 2 == 0
                        ? mutateJson(new String(original, StandardCharsets.UTF_8), random)
                        : mutateBytes(original, random);
                Files.write(run.resolve(target), mutant);
                List<List<String>> commands = new ArrayList<>(READERS);
                if (!target.equals(RunDirectory.RECORD)) {
                    commands.add(List.of("resume"));
                }
                for (List<String> command : commands) {
                    CliRun result = command.get(0).equals("resume") ? resume(run) : read(command, run);
                    inputs++;
                    String what = command + " on " + target + " mutant " + i + "\n" + result.err();
                    assertThat(result.exitCode()).as(what).isNotEqualTo(ExitCode.INTERNAL);
                    assertThat(result.err()).as(what).doesNotContain("Exception").doesNotContain("\tat ")
                            .doesNotContainPattern(": null\\b");
                    if (result.exitCode() != ExitCode.OK) {
                        refused++;
                    }
                }
                deleteTree(run);
            }
        }
        System.out.printf(Locale.ROOT, "run file fuzzing: %d command runs on mutated run files, %d refused with a "
                + "clear error, 0 crashes%n", inputs, refused);
        assertThat(inputs).isGreaterThan(150);
    }

    private static byte[] mutateBytes(byte[] original, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                for (int k = 0; k < 1 + random.nextInt(8); k++) {
                    bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length));
            case 2 -> {
                int at = random.nextInt(bytes.length);
                byte[] longer = new byte[bytes.length + 16];
                byte[] noise = new byte[16];
                random.nextBytes(noise);
                System.arraycopy(bytes, 0, longer, 0, at);
                System.arraycopy(noise, 0, longer, at, 16);
                System.arraycopy(bytes, at, longer, at + 16, bytes.length - at);
                bytes = longer;
            }
            default -> bytes = new byte[0];
        }
        return bytes;
    }

    /** A run.json that still parses but says something impossible, or lacks a field. */
    private static byte[] mutateJson(String json, Random random) {
        Matcher numbers = Pattern.compile(":\\s*(-?[0-9][0-9.eE+-]*|\"[^\"]*\"|null|true|false)").matcher(json);
        List<int[]> spans = new ArrayList<>();
        while (numbers.find()) {
            spans.add(new int[] {numbers.start(1), numbers.end(1)});
        }
        String[] replacements = {"-1", "0", "2147483648", "1e308", "\"NaN\"", "null", "\"\"", "[]", "{}", "true",
            "\"../../etc/passwd\"", "999999999"};
        StringBuilder text = new StringBuilder(json);
        for (int k = 0; k < 1 + random.nextInt(3); k++) {
            int[] span = spans.get(random.nextInt(spans.size()));
            spans.remove(span);
            text.replace(span[0], span[1], replacements[random.nextInt(replacements.length)]);
            // Later spans moved; take only spans before this one from now on.
            spans.removeIf(s -> s[0] > span[0]);
            if (spans.isEmpty()) {
                break;
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSecondWriterIsRefusedWhileARunTrains() throws Exception {
        Path out = tmp.resolve("busy");
        Path log = tmp.resolve("busy.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "train",
                model.toString(), "--data", data.toString(), "--no-verify", "--epochs", "1000", "--out", out.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (process.isAlive() && System.nanoTime() < deadline
                    && !Files.readString(log).contains("epoch 1/1000")) {
                Thread.sleep(20);
            }
            assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
            String pid = Long.toString(process.pid());
            CliRun replace = CliRun.of("train", CliRun.model("conv_autoencoder.aemodel"), "--data", data.toString(),
                    "--no-verify", "--out", out.toString(), "--force");
            assertThat(replace.exitCode()).as(replace.err()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(replace.err()).contains("is being trained by process " + pid);
            CliRun resumed = resume(out);
            assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(resumed.err()).contains("is being trained by process " + pid);
            CliRun eval = read(List.of("eval"), out);
            assertThat(eval.exitCode()).as(eval.err()).isEqualTo(ExitCode.OK);
            assertThat(eval.err()).contains("is still training (process " + pid);
        } finally {
            process.destroy();
            process.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(Files.readString(out.resolve(RunDirectory.SOURCE))).isEqualTo(MODEL);
        // Stopped by SIGTERM: its checkpoint is saved, and the other writers left no trace in it.
        assertThat(process.exitValue()).as(Files.readString(log)).isEqualTo(ExitCode.TERMINATED);
        CliRun eval = read(List.of("eval"), out);
        assertThat(eval.exitCode()).as(eval.err()).isEqualTo(ExitCode.OK);
        assertThat(eval.err()).contains("was interrupted");
    }

    /**
     * A disk that fills up during training: a small tmpfs where this machine lets a test mount
     * one, else a file-size limit on the process (the write fails the same way). The run stops
     * with a clear error, its last checkpoint intact; once moved to a roomier disk it resumes to
     * the losses of a run that never ran out of space.
     */
    @Test
    void aFullDiskStopsTheRunWithItsLastCheckpointIntact() throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("tiny-disk"));
        boolean mounted = run("mount", "-t", "tmpfs", "-o", "size=320k", "tmpfs", mount.toString()) == 0;
        Path out = mount.resolve("run");
        try {
            List<String> args = new ArrayList<>(List.of("train", model.toString(), "--data", data.toString(),
                    "--no-verify", "--checkpoint-every", "1", "--out", out.toString()));
            int code;
            String err;
            if (mounted) {
                CliRun full = CliRun.of(args.toArray(String[]::new));
                code = full.exitCode();
                err = full.err();
                assertThat(err).contains("the disk is full");
            } else {
                Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "no tmpfs mount and no shell for ulimit");
                Path log = tmp.resolve("full.log");
                String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
                String line = "ulimit -f 320; exec '" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
                        + Main.class.getName() + " " + String.join(" ", args.stream().map(a -> "'" + a + "'").toList());
                Process p = new ProcessBuilder("/bin/sh", "-c", line).redirectErrorStream(true)
                        .redirectOutput(log.toFile()).start();
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
                code = p.exitValue();
                err = Files.readString(log);
                assertThat(err).contains("cannot write");
            }
            assertThat(code).as(err).isEqualTo(ExitCode.ENVIRONMENT);
            assertThat(err).doesNotContain("Exception").contains(out.toString());
            Path moved = copy(out, "moved-off-the-full-disk");
            CliRun resumed = resume(moved);
            assertThat(resumed.exitCode()).as(resumed.err()).isEqualTo(ExitCode.OK);
            String record = Files.readString(moved.resolve(RunDirectory.RECORD));
            String reference = Files.readString(finished.resolve(RunDirectory.RECORD));
            assertThat(testLoss(record)).isCloseTo(testLoss(reference), org.assertj.core.data.Offset.offset(1e-6));
        } finally {
            if (mounted) {
                run("umount", mount.toString());
            }
        }
    }

    private static double testLoss(String record) {
        Matcher m = Pattern.compile("\"testLoss\" : ([0-9.eE+-]+)").matcher(record);
        assertThat(m.find()).as(record).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
