package dev.aec.runtime.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.TestData;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.DatasetLocation;
import dev.aec.runtime.data.DatasetResolver;
import dev.aec.runtime.data.DatasetSpec;
import dev.aec.runtime.data.DownloadSettings;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** `models/mnist_classifier.aemodel` trained briefly on a few hundred labelled digits, then loaded as a judge. */
class ClassifierRunTest {
    @TempDir
    static Path tmp;

    private static Dataset test;
    private static RunRecord record;
    private static Path run;

    @BeforeAll
    static void trainBriefly() throws Exception {
        test = TestData.mnist(Split.TEST, 200);
        Path dir = TestData.writeIdx(tmp.resolve("data"), TestData.mnist(Split.TRAIN, 1000), test);
        DatasetLocation data = new DatasetResolver(Map.of(), tmp.resolve("cache"), DownloadSettings.standard())
                .unverified(DatasetSpec.mnist(), dir);
        CheckedProgram program = TestData.model("mnist_classifier.aemodel");
        TrainSpec base = program.train("Classifier").orElseThrow();
        TrainSpec spec = base.with(50, 2, 42);
        run = tmp.resolve("run");
        TrainingRun.Outcome outcome = TrainingRun.start(new TrainingRun.Request(program, spec,
                Files.readString(TestData.repo().resolve("models/mnist_classifier.aemodel")),
                "models/mnist_classifier.aemodel", Optional.empty(), data, RunDirectory.create(run, false)),
                new TrainingRun.Listener() { }, () -> false);
        assertThat(outcome.outcome()).isEqualTo(Trainer.Outcome.FINISHED);
        record = outcome.record();
    }

    @Test
    void runRecordsAccuracyPerEpochAndDrawsPredictionsNotReconstructions() {
        // 40 Adam steps on 1,000 digits: far above the 10% of guessing, far below a full run.
        assertThat(record.testAccuracy()).isNotNull().isGreaterThan(0.5);
        assertThat(record.epochs()).allSatisfy(e -> assertThat(e.validationAccuracy()).isNotNull());
        assertThat(record.epochs().get(1).validationAccuracy()).isEqualTo(record.testAccuracy());
        assertThat(record.testLoss()).isLessThan(Math.log(10));
        assertThat(run.resolve(RunDirectory.PREDICTIONS)).exists();
        assertThat(run.resolve(RunDirectory.PICTURE)).doesNotExist();
    }

    @Test
    void eachEpochKeepsASmallPictureOfItsPredictions() throws Exception {
        java.awt.image.BufferedImage first = javax.imageio.ImageIO.read(run.resolve(EpochPictures.file(1)).toFile());
        java.awt.image.BufferedImage end = javax.imageio.ImageIO.read(run.resolve(RunDirectory.PREDICTIONS).toFile());
        assertThat(run.resolve(EpochPictures.file(2))).exists();
        // A row per class as at the end, with fewer digits in each.
        assertThat(first.getHeight()).isEqualTo(end.getHeight());
        assertThat(first.getWidth()).isLessThan(end.getWidth());
    }

    @Test
    void loadedClassifierGivesProbabilitiesWhoseArgmaxReproducesTheRecordedAccuracy() throws Exception {
        TrainedClassifier classifier = TrainedClassifier.load(run);
        assertThat(classifier.classes()).isEqualTo(10);
        INDArray flat = Nd4j.create(test.images(), new long[] {test.count(), 784}, 'c');
        INDArray p = classifier.probabilities(flat);
        assertThat(p.shape()).containsExactly(test.count(), 10);
        INDArray sums = p.sum(1);
        for (int i = 0; i < test.count(); i++) {
            assertThat(sums.getDouble(i)).isCloseTo(1.0, Offset.offset(1e-5));
        }
        int correct = 0;
        for (int i = 0; i < test.count(); i++) {
            correct += p.getRow(i).argMax().getInt(0) == test.label(i) ? 1 : 0;
        }
        assertThat((double) correct / test.count()).isEqualTo(record.testAccuracy());
        INDArray images = flat.reshape('c', test.count(), 28, 28, 1);
        assertThat(classifier.probabilities(images)).isEqualTo(p);
    }

    @Test
    void imagesOfAnotherSizeAreAClearError() throws Exception {
        TrainedClassifier classifier = TrainedClassifier.load(run);
        assertThatThrownBy(() -> classifier.probabilities(Nd4j.zeros(DataType.FLOAT, 2, 100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("28x28x1");
    }
}
