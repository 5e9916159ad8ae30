package dev.aec.runtime.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.model.Noise;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.TestData;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.DatasetLocation;
import dev.aec.runtime.data.DatasetResolver;
import dev.aec.runtime.data.DatasetSpec;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run on disk: checkpoints, interruption and resume, and the files it leaves. */
class TrainingRunTest {
    @TempDir
    Path tmp;

    private DatasetLocation data;
    private CheckedProgram program;
    private String source;

    @BeforeEach
    void smallData() throws IOException, DataException {
        Path dir = TestData.writeIdx(tmp.resolve("data"), TestData.mnist(Split.TRAIN, 300),
                TestData.mnist(Split.TEST, 100));
        data = new DatasetResolver(Map.of(), tmp.resolve("cache"), dev.aec.runtime.data.DownloadSettings.standard())
                .unverified(DatasetSpec.mnist(), dir);
        program = TestData.model("conv_autoencoder.aemodel");
        source = Files.readString(TestData.repo().resolve("models/conv_autoencoder.aemodel"));
    }

    private TrainingRun.Request request(RunDirectory dir) throws DataException {
        return request(dir, program.train("Autoencoder").orElseThrow().optimizer());
    }

    private TrainingRun.Request request(RunDirectory dir, dev.aec.compiler.model.Optimizer optimizer)
            throws DataException {
        return request(dir, optimizer, Optional.empty());
    }

    private TrainingRun.Request request(RunDirectory dir, dev.aec.compiler.model.Optimizer optimizer,
                                        Optional<Noise> noise) throws DataException {
        TrainSpec base = program.train("Autoencoder").orElseThrow();
        TrainSpec spec = new TrainSpec(base.model(), base.modelSpan(), base.span(), base.data(), base.loss(),
                base.lossSpan(), base.reduction(), optimizer, 50, Optional.empty(), 3, true, base.validation(),
                base.test(), 11, noise);
        return new TrainingRun.Request(program, spec, source, "models/conv_autoencoder.aemodel", Optional.empty(),
                data, dir);
    }

    @Test
    void finishedRunLeavesModelRecordMetricsAndPicture() throws Exception {
        RunDirectory dir = RunDirectory.create(tmp.resolve("run"), false);
        TrainingRun.Outcome outcome = TrainingRun.start(request(dir), new TrainingRun.Listener() { }, () -> false);
        assertThat(outcome.outcome()).isEqualTo(Trainer.Outcome.FINISHED);
        RunRecord record = dir.readRecord();
        assertThat(record.status()).isEqualTo(RunRecord.FINISHED);
        assertThat(record.epochs()).hasSize(3);
        assertThat(record.testLoss()).isNotNull().isLessThan(0.7);
        assertThat(record.parameters()).isEqualTo(4385);
        assertThat(record.sourceSha256()).isEqualTo(dev.aec.runtime.data.Sha256.of(source.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(Files.readAllLines(dir.path().resolve(RunDirectory.METRICS))).hasSize(4)
                .first().isEqualTo("epoch,train_loss,validation_loss,seconds,samples_per_second,validation_accuracy,learning_rate");
        assertThat(record.testAccuracy()).isNull();
        byte[] png = Files.readAllBytes(dir.path().resolve(RunDirectory.PICTURE));
        assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(dir.path().resolve(RunDirectory.PICTURE).toFile());
        assertThat(image.getWidth()).isGreaterThan(image.getHeight() * 4);
    }

    @Test
    void eachEpochLeavesASmallPictureOfItsReconstructions() throws Exception {
        RunDirectory dir = RunDirectory.create(tmp.resolve("run"), false);
        TrainingRun.start(request(dir), new TrainingRun.Listener() { }, () -> false);
        try (var files = Files.list(dir.path().resolve(RunDirectory.EPOCHS))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("epoch-001.png", "epoch-002.png", "epoch-003.png");
        }
        java.awt.image.BufferedImage first = javax.imageio.ImageIO.read(
                dir.path().resolve(EpochPictures.file(1)).toFile());
        java.awt.image.BufferedImage last = javax.imageio.ImageIO.read(
                dir.path().resolve(EpochPictures.file(3)).toFile());
        java.awt.image.BufferedImage end = javax.imageio.ImageIO.read(dir.path().resolve(RunDirectory.PICTURE).toFile());
        // Two rows (originals, reconstructions) of 8 images, narrower than the final picture's 10.
        assertThat(first.getHeight()).isEqualTo(end.getHeight());
        assertThat(first.getWidth()).isLessThan(end.getWidth());
        assertThat(pixels(first)).as("the model learned between the first epoch and the last").isNotEqualTo(pixels(last));
    }

    private static int[] pixels(java.awt.image.BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    /**
     * Adadelta trains in SameDiff's loop (state inside model.sd), RMSprop in aec's (state in
     * optimizer.bin); with noise, the resumed run must draw the noise the uninterrupted one drew.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"ADADELTA", "RMSPROP", "ADADELTA with noise"})
    void interruptedRunResumesToTheSameResultAsAnUninterruptedOne(String name) throws Exception {
        String optimizerName = name.split(" ")[0];
        Optional<Noise> noise = name.endsWith("noise") ? Optional.of(new Noise.Gaussian(0.5, null)) : Optional.empty();
        dev.aec.compiler.model.OptimizerKind kind = dev.aec.compiler.model.OptimizerKind.valueOf(optimizerName);
        dev.aec.compiler.model.Optimizer optimizer = new dev.aec.compiler.model.Optimizer(kind, kind.defaults(), null);
        RunDirectory straight = RunDirectory.create(tmp.resolve("straight"), false);
        RunRecord reference = TrainingRun.start(request(straight, optimizer, noise), new TrainingRun.Listener() { },
                () -> false).record();

        RunDirectory dir = RunDirectory.create(tmp.resolve("interrupted"), false);
        AtomicInteger batches = new AtomicInteger();
        // Stop in the middle of the second epoch (6 batches per epoch).
        TrainingRun.Outcome first = TrainingRun.start(request(dir, optimizer, noise), new TrainingRun.Listener() { },
                () -> batches.incrementAndGet() > 8);
        assertThat(first.outcome()).isEqualTo(Trainer.Outcome.INTERRUPTED);
        RunRecord saved = dir.readRecord();
        assertThat(saved.status()).isEqualTo(RunRecord.INTERRUPTED);
        assertThat(saved.position().epoch()).isEqualTo(1);
        assertThat(saved.position().batch()).isEqualTo(2);
        assertThat(saved.epochs()).hasSize(1);

        dir.close();
        TrainingRun.Outcome resumed = TrainingRun.resume(request(RunDirectory.openToTrain(dir.path(), stale -> { }),
                optimizer, noise), saved,
                new TrainingRun.Listener() { }, () -> false);
        assertThat(resumed.outcome()).isEqualTo(Trainer.Outcome.FINISHED);
        RunRecord done = dir.readRecord();
        assertThat(done.epochs()).hasSize(3);
        assertThat(done.status()).isEqualTo(RunRecord.FINISHED);
        assertThat(dir.readModel(done)).isNotNull();
        for (int e = 0; e < 3; e++) {
            assertThat(done.epochs().get(e).trainLoss()).as("epoch " + (e + 1))
                    .isCloseTo(reference.epochs().get(e).trainLoss(), org.assertj.core.data.Offset.offset(1e-5));
        }
        assertThat(done.testLoss()).isCloseTo(reference.testLoss(), org.assertj.core.data.Offset.offset(1e-5));
        assertThat(done.settings().noise()).isEqualTo(noise.map(Object::toString).orElse(null));
        assertThat(done.evaluation()).contains(noise.isPresent() ? "noisy test inputs" : "test inputs");
    }

    /**
     * Dropout and gaussian noise draw per batch from the run's seed, epoch and batch: a resumed run
     * draws what the uninterrupted one drew, so it ends with the same weights, bit for bit.
     */
    @org.junit.jupiter.params.ParameterizedTest
    // The fast executor (relu); SameDiff with adadelta, which ND4J has (elu, which the executor leaves to SameDiff).
    @org.junit.jupiter.params.provider.CsvSource({"relu, rmsprop", "elu, adadelta"})
    void interruptedRunWithDropoutResumesToTheSameWeights(String activation, String optimizerName) throws Exception {
        source = """
                model Autoencoder : 28x28x1 -> 28x28x1 {
                  gaussian_noise(0.2)
                  conv2d(4, kernel: 3x3, activation: %s, padding: same)
                  dropout(0.3)
                  conv2d(1, kernel: 3x3, activation: sigmoid, padding: same)
                }
                train Autoencoder {
                  data: mnist
                  loss: binary_crossentropy
                  optimizer: %s
                  validation: mnist.test
                }
                """.formatted(activation, optimizerName);
        TwoRuns runs = straightAndInterrupted("dropout.aemodel");
        RunRecord reference = runs.reference();
        RunRecord done = runs.resumed();
        for (int e = 0; e < 3; e++) {
            assertThat(done.epochs().get(e).trainLoss()).as("epoch " + (e + 1))
                    .isEqualTo(reference.epochs().get(e).trainLoss());
        }
        org.nd4j.autodiff.samediff.SameDiff a = runs.referenceModel();
        org.nd4j.autodiff.samediff.SameDiff b = runs.resumedModel();
        java.util.List<String> weights = a.variables().stream()
                .filter(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE)
                .map(org.nd4j.autodiff.samediff.SDVariable::name).toList();
        assertThat(weights).hasSize(4);
        for (String name : weights) {
            assertThat(b.getVariable(name).getArr()).as(name).isEqualTo(a.getVariable(name).getArr());
        }
        // Inference is the identity through both layers: the evaluation is deterministic.
        assertThat(done.testLoss()).isEqualTo(reference.testLoss());
    }

    /** An uninterrupted run of {@link #source} and one stopped after 8 batches and resumed, both finished. */
    private record TwoRuns(RunRecord reference, org.nd4j.autodiff.samediff.SameDiff referenceModel, RunRecord resumed,
                           org.nd4j.autodiff.samediff.SameDiff resumedModel) {
    }

    private TwoRuns straightAndInterrupted(String fileName) throws Exception {
        program = dev.aec.compiler.Compiler.compile(new dev.aec.compiler.source.SourceFile(fileName, source), tmp)
                .program().orElseThrow();
        dev.aec.compiler.model.Optimizer optimizer = program.train("Autoencoder").orElseThrow().optimizer();
        RunDirectory straight = RunDirectory.create(tmp.resolve("straight"), false);
        RunRecord reference = TrainingRun.start(request(straight, optimizer), new TrainingRun.Listener() { },
                () -> false).record();

        RunDirectory dir = RunDirectory.create(tmp.resolve("interrupted"), false);
        AtomicInteger batches = new AtomicInteger();
        TrainingRun.Outcome first = TrainingRun.start(request(dir, optimizer), new TrainingRun.Listener() { },
                () -> batches.incrementAndGet() > 8);
        assertThat(first.outcome()).isEqualTo(Trainer.Outcome.INTERRUPTED);
        RunRecord saved = dir.readRecord();
        dir.close();
        TrainingRun.Outcome resumed = TrainingRun.resume(request(RunDirectory.openToTrain(dir.path(), stale -> { }),
                optimizer), saved, new TrainingRun.Listener() { }, () -> false);
        assertThat(resumed.outcome()).isEqualTo(Trainer.Outcome.FINISHED);
        RunRecord done = dir.readRecord();
        return new TwoRuns(reference, straight.readModel(reference), done, dir.readModel(done));
    }

    /**
     * Batch normalisation's moving statistics are saved in each checkpoint beside the weights: a
     * resumed run ends with the weights and the statistics of the uninterrupted one, bit for bit, in
     * the fast executor (relu) and in aec's loop over SameDiff's gradients (elu, which the executor
     * leaves to SameDiff, with RMSprop, which ND4J lacks), whose weights go into a fresh graph.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"relu, adam", "elu, rmsprop"})
    void interruptedRunWithBatchNormResumesToTheSameWeightsAndStatistics(String activation, String optimizerName)
            throws Exception {
        source = """
                model Autoencoder : 28x28x1 -> 28x28x1 {
                  conv2d(4, kernel: 3x3, activation: %s, padding: same)
                  batch_norm
                  conv2d(1, kernel: 3x3, activation: sigmoid, padding: same)
                }
                train Autoencoder {
                  data: mnist
                  loss: binary_crossentropy
                  optimizer: %s
                  validation: mnist.test
                }
                """.formatted(activation, optimizerName);
        TwoRuns runs = straightAndInterrupted("normalised.aemodel");
        RunRecord reference = runs.reference();
        RunRecord done = runs.resumed();
        org.nd4j.autodiff.samediff.SameDiff a = runs.referenceModel();
        org.nd4j.autodiff.samediff.SameDiff b = runs.resumedModel();
        java.util.List<String> names = new java.util.ArrayList<>(a.variables().stream()
                .filter(v -> v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE)
                .map(org.nd4j.autodiff.samediff.SDVariable::name).toList());
        assertThat(names).hasSize(6);
        names.addAll(java.util.List.of("batch_norm_0/moving_mean", "batch_norm_0/moving_variance"));
        for (String name : names) {
            assertThat(b.getVariable(name).getArr()).as(name).isEqualTo(a.getVariable(name).getArr());
        }
        // Three epochs of 6 steps moved the statistics well away from where they start.
        assertThat(a.getVariable("batch_norm_0/moving_mean").getArr().amaxNumber().doubleValue()).isGreaterThan(1e-3);
        assertThat(done.testLoss()).isEqualTo(reference.testLoss());
    }

    @Test
    void noiseChangesTrainingButTheSameSeedGivesTheSameRun() throws Exception {
        dev.aec.compiler.model.Optimizer optimizer = program.train("Autoencoder").orElseThrow().optimizer();
        Optional<Noise> noise = Optional.of(new Noise.SaltAndPepper(0.2, null));
        RunRecord clean = TrainingRun.start(request(RunDirectory.create(tmp.resolve("clean"), false), optimizer),
                new TrainingRun.Listener() { }, () -> false).record();
        RunRecord a = TrainingRun.start(request(RunDirectory.create(tmp.resolve("a"), false), optimizer, noise),
                new TrainingRun.Listener() { }, () -> false).record();
        RunRecord b = TrainingRun.start(request(RunDirectory.create(tmp.resolve("b"), false), optimizer, noise),
                new TrainingRun.Listener() { }, () -> false).record();
        assertThat(a.epochs().get(0).trainLoss()).isNotEqualTo(clean.epochs().get(0).trainLoss());
        assertThat(a.testLoss()).isEqualTo(b.testLoss());
        assertThat(a.epochs().get(2).validationLoss()).isEqualTo(b.epochs().get(2).validationLoss());
        java.awt.image.BufferedImage picture = javax.imageio.ImageIO.read(tmp.resolve("a").resolve(RunDirectory.PICTURE)
                .toFile());
        // Three rows with noise (noisy input, output, clean original) instead of two.
        assertThat(picture.getHeight()).isEqualTo(4 + 3 * (28 * 4 + 4));
    }

    @Test
    void existingRunIsNeverOverwrittenWithoutForce() throws Exception {
        RunDirectory dir = RunDirectory.create(tmp.resolve("run"), false);
        TrainingRun.start(request(dir), new TrainingRun.Listener() { }, () -> false);
        dir.close();
        Files.writeString(dir.path().resolve("samples-16-seed1.png"), "an old run's picture");
        byte[] before = Files.readAllBytes(dir.path().resolve(RunDirectory.MODEL));
        assertThatThrownBy(() -> RunDirectory.create(dir.path(), false))
                .isInstanceOf(RunException.class).hasMessageContaining("already exists").hasMessageContaining("--force");
        assertThat(Files.readAllBytes(dir.path().resolve(RunDirectory.MODEL))).isEqualTo(before);
        RunDirectory.create(dir.path(), true).close();
        assertThat(dir.path().resolve(RunDirectory.MODEL)).doesNotExist();
        assertThat(dir.path().resolve("samples-16-seed1.png")).doesNotExist();
    }

    @Test
    void forceNeverDeletesADirectoryThatIsNotARun() throws IOException {
        Path other = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(other.resolve("holiday.jpg"), "precious");
        assertThatThrownBy(() -> RunDirectory.create(other, true))
                .isInstanceOf(RunException.class).hasMessageContaining("not an aec run directory");
        assertThat(other.resolve("holiday.jpg")).hasContent("precious");
    }

    @Test
    void unwritableOutputIsAClearError() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThatThrownBy(() -> RunDirectory.create(file.resolve("run"), false))
                .isInstanceOf(RunException.class).hasMessageContaining("cannot create");
    }

    @Test
    void damagedRecordIsAClearError() throws Exception {
        RunDirectory dir = RunDirectory.create(tmp.resolve("run"), false);
        Files.writeString(dir.path().resolve(RunDirectory.RECORD), "{ not json");
        assertThatThrownBy(() -> RunDirectory.open(dir.path()).readRecord())
                .isInstanceOf(RunException.class).hasMessageContaining("run.json is damaged");
    }
}
