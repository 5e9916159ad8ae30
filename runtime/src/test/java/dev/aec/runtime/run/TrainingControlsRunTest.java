package dev.aec.runtime.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.TestData;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.DatasetLocation;
import dev.aec.runtime.data.DatasetResolver;
import dev.aec.runtime.data.DatasetSpec;
import dev.aec.runtime.data.Sha256;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;

/**
 * Early stopping, learning-rate schedules and checkpoint retention in whole runs of a small
 * convolutional autoencoder (300 samples, 6 batches an epoch, Adadelta in the fast executor). A
 * `min_delta` larger than any loss makes epoch 1 the best and every later one a non-improvement,
 * so the epoch that stops and the best epoch are known before training.
 */
class TrainingControlsRunTest {
    private static final String MODEL = """
            model Autoencoder : 28x28x1 -> 28x28x1 {
              conv2d(4, kernel: 3x3, activation: relu, padding: same)
              conv2d(1, kernel: 3x3, activation: sigmoid, padding: same)
            }
            train Autoencoder {
              data: mnist
              loss: binary_crossentropy
              optimizer: adadelta
              batch: 50
              seed: 11
              epochs: %d
              %s
            }
            """;

    @TempDir
    Path tmp;

    private DatasetLocation data;

    @BeforeEach
    void smallData() throws IOException, DataException {
        Path dir = TestData.writeIdx(tmp.resolve("data"), TestData.mnist(Split.TRAIN, 300),
                TestData.mnist(Split.TEST, 100));
        data = new DatasetResolver(Map.of(), tmp.resolve("cache"), dev.aec.runtime.data.DownloadSettings.standard())
                .unverified(DatasetSpec.mnist(), dir);
    }

    /** A finished run of the model trained `epochs` epochs with `settings` added to its train block. */
    private record Run(RunRecord record, RunDirectory dir) {
        SameDiff model() throws RunException {
            return dir.readModel(record);
        }
    }

    private TrainingRun.Request request(String name, int epochs, String settings, RunDirectory dir)
            throws DataException {
        String source = MODEL.formatted(epochs, settings);
        CheckedProgram program = dev.aec.compiler.Compiler.compile(
                new dev.aec.compiler.source.SourceFile(name + ".aemodel", source), tmp).program().orElseThrow();
        TrainSpec spec = program.train("Autoencoder").orElseThrow();
        return new TrainingRun.Request(program, spec, source, name + ".aemodel", Optional.empty(), data, dir);
    }

    private Run train(String name, int epochs, String settings) throws Exception {
        RunDirectory dir = RunDirectory.create(tmp.resolve(name), false);
        TrainingRun.Outcome outcome = TrainingRun.start(request(name, epochs, settings, dir),
                new TrainingRun.Listener() { }, () -> false);
        assertThat(outcome.outcome()).isEqualTo(Trainer.Outcome.FINISHED);
        return new Run(dir.readRecord(), dir);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void earlyStopEndsAtTheEpochKerasWouldAndRestoresTheBestWeightsBitForBit(boolean validated) throws Exception {
        String validation = validated ? "validation: mnist.test" : "";
        Run stopped = train("stopped", 6, validation + "\n  early_stop: patience(2, min_delta: 100)");
        RunRecord record = stopped.record();
        assertThat(record.status()).isEqualTo(RunRecord.FINISHED);
        assertThat(record.epochs()).as("epoch 1 improves, 2 and 3 do not: patience 2 stops after 3").hasSize(3);
        assertThat(record.controls().stopped()).isTrue();
        assertThat(record.controls().bestEpoch()).isEqualTo(1);
        assertThat(record.controls().restoredEpoch()).isEqualTo(1);
        RunRecord.Epoch first = record.epochs().get(0);
        assertThat(record.controls().best()).as("the monitored loss")
                .isEqualTo(validated ? first.validationLoss() : first.trainLoss());
        assertThat(first.validationLoss() != null).isEqualTo(validated);

        Run one = train("one", 1, validation);
        Run three = train("three", 3, validation);
        assertThat(three.record().epochs().get(2).trainLoss()).as("the same training up to the stop")
                .isEqualTo(record.epochs().get(2).trainLoss());
        assertSameWeights(stopped.model(), one.model(), "the restored model against epoch 1's");
        assertSameWeights(stopped.dir().readBest(record).orElseThrow(), one.model(), "best.sd against epoch 1's");
        assertThat(weights(stopped.model()).get(0).getArr()).as("restoring changed the weights")
                .isNotEqualTo(three.model().getVariable(weights(stopped.model()).get(0).name()).getArr());
        assertThat(record.testLoss()).as("measured on the restored weights").isEqualTo(one.record().testLoss());
    }

    @Test
    void checkpointBestKeepsTheBestEpochBesideTheLast() throws Exception {
        Run run = train("best", 3, "validation: mnist.test\n  checkpoint: best\n"
                + "  early_stop: patience(10, min_delta: 100, restore_best: false)");
        RunRecord record = run.record();
        assertThat(record.epochs()).hasSize(3);
        assertThat(record.controls().stopped()).isFalse();
        assertThat(record.controls().restoredEpoch()).isNull();
        assertThat(record.checkpoint()).containsKey(RunDirectory.BEST);
        Path best = run.dir().path().resolve(RunDirectory.BEST);
        assertThat(Sha256.of(best)).isEqualTo(record.checkpoint().get(RunDirectory.BEST));
        assertSameWeights(run.dir().readBest(record).orElseThrow(), train("one", 1, "validation: mnist.test").model(),
                "best.sd against epoch 1's");
        assertThat(weights(run.model()).get(0).getArr()).as("model.sd keeps the last epoch's weights, not the best's")
                .isNotEqualTo(run.dir().readBest(record).orElseThrow().getVariable(weights(run.model()).get(0).name())
                        .getArr());
        assertNoTemporaryFiles(run.dir().path());
    }

    @Test
    void checkpointEveryKeepsEveryNthEpochAndNoBest() throws Exception {
        Run run = train("every", 5, "checkpoint: every(2)");
        try (Stream<Path> files = Files.list(run.dir().path())) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sd")).sorted())
                    .containsExactly("epoch-002.sd", "epoch-004.sd", "model.sd");
        }
        assertThat(run.record().checkpoint()).doesNotContainKey(RunDirectory.BEST);
        SameDiff second = SameDiff.load(run.dir().path().resolve("epoch-002.sd").toFile(), true);
        assertSameWeights(second, train("two", 2, "").model(), "epoch-002.sd against a 2-epoch run");
        assertNoTemporaryFiles(run.dir().path());
    }

    /**
     * Stopped in epoch 3 (after `on_plateau` has cut the rate) and resumed, a run ends with the
     * losses, rates, controls and weights of the uninterrupted one, bit for bit.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "on_plateau(patience: 0, factor: 0.5, min_delta: 100) | 1.0 | 1.0 | 0.5",
        "exponential(decay: 0.5, every: 4, warmup: 3)         | 0.7071067811865476 | 0.25 | 0.08838834764831845",
        "cosine(epochs: 3, alpha: 0.1, warmup: 2)             | 0.9397114317029974 | 0.55 | 0.1602885682970027"})
    void aResumedRunContinuesTheScheduleAndEarlyStopExactly(String schedule, double rate1, double rate2, double rate3)
            throws Exception {
        // Without restore_best, so the final weights are epoch 3's, which a resume that went wrong would change.
        String settings = "validation: mnist.test\n  lr_schedule: " + schedule
                + "\n  early_stop: patience(2, min_delta: 100, restore_best: false)";
        Run straight = train("straight", 5, settings);

        RunDirectory dir = RunDirectory.create(tmp.resolve("interrupted"), false);
        AtomicInteger batches = new AtomicInteger();
        // 6 batches an epoch: stopped before batch 4 of epoch 3.
        TrainingRun.Outcome first = TrainingRun.start(request("interrupted", 5, settings, dir),
                new TrainingRun.Listener() { }, () -> batches.incrementAndGet() > 15);
        assertThat(first.outcome()).isEqualTo(Trainer.Outcome.INTERRUPTED);
        RunRecord saved = dir.readRecord();
        assertThat(saved.position().epoch()).isEqualTo(2);
        assertThat(saved.position().batch()).isEqualTo(3);
        assertThat(saved.controls().waited()).isEqualTo(1);
        dir.close();
        RunDirectory reopened = RunDirectory.openToTrain(dir.path(), stale -> { });
        TrainingRun.Outcome resumed = TrainingRun.resume(request("interrupted", 5, settings, reopened), saved,
                new TrainingRun.Listener() { }, () -> false);
        assertThat(resumed.outcome()).isEqualTo(Trainer.Outcome.FINISHED);
        RunRecord done = reopened.readRecord();
        RunRecord reference = straight.record();

        assertThat(reference.epochs()).hasSize(3);
        assertThat(reference.epochs().stream().map(RunRecord.Epoch::learningRate).toList())
                .as("the rate of each epoch's last step").satisfiesExactly(
                        r -> assertThat(r).isCloseTo(rate1, Offset.offset(1e-12)),
                        r -> assertThat(r).isCloseTo(rate2, Offset.offset(1e-12)),
                        r -> assertThat(r).isCloseTo(rate3, Offset.offset(1e-12)));
        assertThat(done.epochs()).hasSize(3);
        for (int e = 0; e < 3; e++) {
            assertThat(done.epochs().get(e).trainLoss()).as("epoch " + (e + 1))
                    .isEqualTo(reference.epochs().get(e).trainLoss());
            assertThat(done.epochs().get(e).validationLoss()).isEqualTo(reference.epochs().get(e).validationLoss());
            assertThat(done.epochs().get(e).learningRate()).isEqualTo(reference.epochs().get(e).learningRate());
        }
        assertThat(done.controls()).isEqualTo(reference.controls());
        assertThat(done.controls().stopped()).isTrue();
        assertSameWeights(reopened.readModel(done), straight.model(), "the resumed run's weights");
        assertThat(Files.readAllLines(reopened.path().resolve(RunDirectory.METRICS)).get(0)).endsWith(",learning_rate");
    }

    private static List<SDVariable> weights(SameDiff sd) {
        return sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE).toList();
    }

    private static void assertSameWeights(SameDiff actual, SameDiff expected, String what) {
        List<SDVariable> names = weights(expected);
        assertThat(names).as(what).hasSize(4);
        for (SDVariable v : names) {
            assertThat(actual.getVariable(v.name()).getArr()).as(what + ": " + v.name()).isEqualTo(v.getArr());
        }
    }

    private static void assertNoTemporaryFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".next"));
        }
    }
}
