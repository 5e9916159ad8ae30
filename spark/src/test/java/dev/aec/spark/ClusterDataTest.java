package dev.aec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.SourceFile;
import dev.aec.runtime.TestData;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.RunData;
import dev.aec.runtime.run.RunDirectory;
import dev.aec.runtime.run.RunRecord;
import dev.aec.runtime.run.RunSources;
import dev.aec.runtime.run.TrainingRun;
import dev.aec.runtime.train.CheckpointEvery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A folder of images named by a URI is read by Spark's executors, each its share, and trains
 * exactly as the same folder read by the driver: the same samples in the same order, the same
 * held-out share, the same weights. The driver reads only the held-out share.
 */
class ClusterDataTest {
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private static SparkTraining spark;
    private static Path images;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start(@TempDir Path shared) throws Exception {
        spark = SparkTraining.start(Optional.of("local[2]"), "aec-test", warning -> { });
        images = TestData.writePngFolder(shared.resolve("digits"), TestData.mnist(Split.TRAIN, 600), DIGITS);
    }

    @AfterAll
    static void stop() {
        spark.close();
    }

    /** A dense autoencoder trained on `data` (its images fed flattened), a fifth held out to validate, batch 50, seed 7. */
    private static String model(String data) {
        return """
                model Autoencoder : 784 -> 784 {
                  dense(64, activation: relu)
                  dense(784, activation: sigmoid)
                }

                train Autoencoder {
                  data: images("%s", size: 28x28x1)
                  validation: split(0.2)
                  loss: binary_crossentropy
                  optimizer: adam
                  batch: 50
                  epochs: 2
                  seed: 7
                }
                """.formatted(data);
    }

    private record Trained(RunData.Loaded data, RunRecord record, Map<String, INDArray> weights) {
    }

    private Trained train(String name, String text) throws Exception {
        CheckedProgram program = Compiler.compile(new SourceFile(name + ".aemodel", text), tmp).program().orElseThrow();
        TrainSpec spec = program.train("Autoencoder").orElseThrow();
        RunData.Loaded loaded = load(program, spec);
        RunSources sources = RunSources.single(text, name + ".aemodel");
        RunDirectory dir = RunDirectory.create(tmp.resolve(name), false);
        TrainingRun.Request request = new TrainingRun.Request(program, spec, sources, Optional.empty(), loaded, dir,
                CheckpointEvery.parse("4").orElseThrow());
        RunRecord record;
        try (SparkEngine engine = spark.engine(ModelRecipe.of(sources, spec), new SparkSettings(2, 2, true))) {
            record = TrainingRun.start(request, engine, new TrainingRun.Listener() { }, () -> false).record();
        }
        SameDiff saved = dir.readModel(record);
        Map<String, INDArray> weights = new LinkedHashMap<>();
        for (var variable : saved.variables()) {
            if (variable.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
                weights.put(variable.name(), variable.getArr().dup());
            }
        }
        return new Trained(loaded, record, weights);
    }

    private RunData.Loaded load(CheckedProgram program, TrainSpec spec) throws Exception {
        RunData.Access here = RunData.Access.of(null, tmp.resolve("cache"));
        return RunData.load(spec, dev.aec.compiler.ir.Lowerer.lower(program, spec.model()).input(), Optional.empty(),
                spark.access(here), Optional.empty(), () -> false);
    }

    private RunData.Loaded load(String text) throws Exception {
        CheckedProgram program = Compiler.compile(new SourceFile("m.aemodel", text), tmp).program().orElseThrow();
        return load(program, program.train("Autoencoder").orElseThrow());
    }

    @Test
    void aFolderNamedByAUriTrainsOnTheExecutorsAsTheSameFolderReadByTheDriver() throws Exception {
        Trained byDriver = train("driver", model(images.toString()));
        Trained byExecutors = train("executors", model(images.toUri().toString()));

        assertThat(byDriver.data().train().rows()).isNotInstanceOf(ClusterRows.class);
        assertThat(byExecutors.data().train().rows()).isInstanceOf(ClusterRows.class);
        ClusterRows rows = (ClusterRows) byExecutors.data().train().rows();
        assertThat(byExecutors.data().train().count()).isEqualTo(480);
        assertThat(byExecutors.data().validation().orElseThrow().count()).isEqualTo(120);
        assertThat(rows.readHere()).as("rows the driver decoded itself: the held-out share at most")
                .isPositive().isLessThanOrEqualTo(120);
        assertThat(byExecutors.data().facts().data().fingerprint()).isEqualTo(byDriver.data().facts().data().fingerprint());
        assertThat(byExecutors.data().facts().classes()).isEqualTo(DIGITS);

        assertThat(byExecutors.record().status()).isEqualTo(RunRecord.FINISHED);
        assertThat(byExecutors.record().epochs()).hasSize(2);
        for (String name : byDriver.weights().keySet()) {
            assertThat(byExecutors.weights().get(name).sub(byDriver.weights().get(name)).amaxNumber().doubleValue())
                    .as(name).isLessThanOrEqualTo(1e-6);
        }
        assertThat(byExecutors.record().epochs().get(1).validationLoss())
                .isEqualTo(byDriver.record().epochs().get(1).validationLoss());
    }

    @Test
    void anImageTheExecutorsCannotDecodeIsNamedOrWithSkipBadLeftOut() throws Exception {
        Path broken = tmp.resolve("broken");
        TestData.writePngFolder(broken, TestData.mnist(Split.TEST, 40), DIGITS);
        Files.writeString(broken.resolve("3/zz-not-an-image.png"), "this is text, not a PNG");
        String uri = broken.toUri().toString();

        assertThatThrownBy(() -> load(model(uri))).isInstanceOf(DataException.class)
                .hasMessageContaining("zz-not-an-image.png").hasMessageContaining("not a PNG, JPEG, BMP or GIF image")
                .satisfies(e -> assertThat(((DataException) e).help()).hasValueSatisfying(
                        help -> assertThat(help).contains("skip_bad: true")));

        RunData.Loaded skipping = load(model(uri).replace("size: 28x28x1)", "size: 28x28x1, skip_bad: true)"));
        assertThat(skipping.facts().skipped()).singleElement().asString().startsWith("3/zz-not-an-image.png: ");
        assertThat(skipping.train().count() + skipping.validation().orElseThrow().count()).isEqualTo(40);
    }

    /** A table of `rows` rows of 8 numbers of different ranges, under a header. */
    private Path table(String name, int rows) throws Exception {
        java.util.Random random = new java.util.Random(5);
        StringBuilder text = new StringBuilder("a,b,c,d,e,f,g,h,label\n");
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < 8; c++) {
                text.append(String.format(java.util.Locale.ROOT, "%.4f,", random.nextGaussian() * (c + 1) + 3 * c));
            }
            text.append(r % 3).append('\n');
            if (r == rows / 2) {
                text.append('\n');  // a blank line, skipped as pandas skips it
            }
        }
        return Files.writeString(tmp.resolve(name), text);
    }

    private static String tableModel(String path) {
        return """
                model Autoencoder : 8 -> 8 {
                  dense(4, activation: tanh)
                  dense(8)
                }

                train Autoencoder {
                  data: csv("%s", columns: "0-7", scale: standard)
                  validation: split(0.25)
                  loss: mse
                  optimizer: adam
                  batch: 20
                  epochs: 2
                  seed: 3
                }
                """.formatted(path);
    }

    @Test
    void aTableNamedByAUriIsParsedByTheExecutorsAndScaledAsTheSameTableReadByTheDriver() throws Exception {
        Path csv = table("t.csv", 400);
        Trained byDriver = train("table-driver", tableModel(csv.toString()));
        Trained byExecutors = train("table-executors", tableModel(csv.toUri().toString()));

        assertThat(byExecutors.data().train().rows()).isInstanceOf(ClusterRows.class);
        assertThat(byExecutors.data().train().count()).isEqualTo(300);
        float[] scale = byDriver.data().facts().scale();
        float[] shift = byDriver.data().facts().shift();
        assertThat(scale).hasSize(8);
        for (int j = 0; j < 8; j++) {
            assertThat(byExecutors.data().facts().scale()[j]).isCloseTo(scale[j], org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(byExecutors.data().facts().shift()[j]).isCloseTo(shift[j], org.assertj.core.data.Offset.offset(1e-6f));
        }
        for (String name : byDriver.weights().keySet()) {
            assertThat(byExecutors.weights().get(name).sub(byDriver.weights().get(name)).amaxNumber().doubleValue())
                    .as(name).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void anArrayNamedByAUriIsReadByTheExecutorsInRangesOfRecordsAsTheSameArrayReadByTheDriver() throws Exception {
        java.util.Random random = new java.util.Random(9);
        float[] values = new float[300 * 8];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * (i % 8 + 1) + i % 8);
        }
        Path npy = tmp.resolve("x.npy");
        dev.aec.runtime.data.source.NpyFile.write(npy, dev.aec.compiler.types.Shape.of(8), values);
        String driver = tableModel(npy.toString()).replace("csv(\"" + npy + "\", columns: \"0-7\", scale: standard)",
                "npy(\"" + npy + "\", scale: standard)");
        String executors = driver.replace("npy(\"" + npy + "\"", "npy(\"" + npy.toUri() + "\"");
        assertThat(executors).contains("npy(\"file:");

        Trained byDriver = train("array-driver", driver);
        Trained byExecutors = train("array-executors", executors);

        assertThat(byExecutors.data().train().rows()).isInstanceOf(ClusterRows.class);
        assertThat(byExecutors.data().train().count()).isEqualTo(225);
        for (int j = 0; j < 8; j++) {
            assertThat(byExecutors.data().facts().scale()[j])
                    .isCloseTo(byDriver.data().facts().scale()[j], org.assertj.core.data.Offset.offset(1e-6f));
        }
        for (String name : byDriver.weights().keySet()) {
            assertThat(byExecutors.weights().get(name).sub(byDriver.weights().get(name)).amaxNumber().doubleValue())
                    .as(name).isLessThanOrEqualTo(1e-5);
        }
    }

    @Test
    void aRaggedLineOfATableIsNamedByItsLine() throws Exception {
        Path csv = table("ragged.csv", 50);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
        lines.set(40, lines.get(40) + ",7");
        Files.write(csv, lines);

        assertThatThrownBy(() -> load(tableModel(csv.toUri().toString()))).isInstanceOf(DataException.class)
                .hasMessage(csv.toUri() + ":41: the row has 10 cells, expected 9 like the header");
    }

    @Test
    void aFolderThatIsNotThereIsSaidToBeMissing() {
        String uri = tmp.resolve("nowhere").toUri().toString();
        assertThatThrownBy(() -> load(model(uri))).isInstanceOf(DataException.class)
                .hasMessage(uri + ": no such folder");
    }
}
