package dev.aec.runtime.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.diag.DiagnosticRenderer;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.TestData;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.DatasetLocation;
import dev.aec.runtime.data.DatasetResolver;
import dev.aec.runtime.data.DatasetSpec;
import dev.aec.runtime.data.DownloadSettings;
import dev.aec.runtime.data.ImageShape;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.data.source.Sources;
import dev.aec.runtime.train.Examples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link RunData#load}: the shares a train block's data is cut into, the scaling fitted on the
 * training share, the labels of an image folder, and {@link RunData#requireSame} for a resumed run.
 * Most cases read a CSV whose first column numbers its rows, so that every example says which row
 * it is.
 */
class RunDataTest {
    @TempDir
    Path tmp;

    /** The program {@link #spec} checked last. */
    private CheckedProgram program;

    /** A model for rows of 2: the row's number and a value. */
    private static final String ROWS_MODEL = """
            model Autoencoder : 2 -> 2 {
              dense(1, activation: relu)
              dense(2, activation: sigmoid)
            }
            """;

    @ParameterizedTest(name = "{0} rows, validation {1}, test {2}")
    @CsvSource({
        "47, 0.1, ",
        "47, , 0.25",
        "47, 0.1, 0.25",
        "10, 0.15, 0.15",
        "200, 0.05, 0.3",
    })
    void heldOutSharesAreDisjointAndEachRoundNTimesItsShare(int n, Double validation, Double test) throws Exception {
        writeRows(n, i -> 0.5);
        RunData.Loaded loaded = load(rowsBlock(validation, test, 7), Optional.empty());

        List<Integer> trained = rowNumbers(loaded.train());
        List<Integer> validated = loaded.validation().map(RunDataTest::rowNumbers).orElse(List.of());
        List<Integer> tested = loaded.test().map(RunDataTest::rowNumbers).orElse(List.of());
        assertThat(validated).hasSize(validation == null ? 0 : (int) Math.round(n * validation));
        assertThat(tested).hasSize(test == null ? 0 : (int) Math.round(n * test));
        assertThat(trained).hasSize(n - validated.size() - tested.size());
        Set<Integer> all = new HashSet<>(trained);
        all.addAll(validated);
        all.addAll(tested);
        assertThat(all).as("every row in one share, none in two").hasSize(n)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, n).boxed().toList());
        assertThat(loaded.facts().trainSamples()).isEqualTo(trained.size());
        assertThat(loaded.facts().validationSamples()).isEqualTo(validation == null ? null : validated.size());
        assertThat(loaded.facts().testSamples()).isEqualTo(test == null ? null : tested.size());
    }

    @Test
    void theSharesAreTheSameForASeedAndOtherForAnotherSeed() throws Exception {
        writeRows(100, i -> 0.5);

        RunData.Loaded first = load(rowsBlock(0.1, 0.2, 7), Optional.empty());
        RunData.Loaded again = load(rowsBlock(0.1, 0.2, 7), Optional.empty());
        RunData.Loaded other = load(rowsBlock(0.1, 0.2, 8), Optional.empty());

        assertThat(rowNumbers(again.validation().orElseThrow())).isEqualTo(rowNumbers(first.validation().orElseThrow()));
        assertThat(rowNumbers(again.test().orElseThrow())).isEqualTo(rowNumbers(first.test().orElseThrow()));
        assertThat(rowNumbers(again.train())).isEqualTo(rowNumbers(first.train()));
        assertThat(rowNumbers(other.validation().orElseThrow())).isNotEqualTo(rowNumbers(first.validation().orElseThrow()));
        assertThat(rowNumbers(other.test().orElseThrow())).isNotEqualTo(rowNumbers(first.test().orElseThrow()));
    }

    @Test
    void limitTakesTheFirstTrainingRowsOnceTheSharesAreHeldOut() throws Exception {
        writeRows(50, i -> 0.5);
        RunData.Loaded all = load(rowsBlock(0.1, 0.2, 7), Optional.empty());

        RunData.Loaded limited = load(rowsBlock(0.1, 0.2, 7), Optional.of(12));

        assertThat(rowNumbers(limited.train())).isEqualTo(rowNumbers(all.train()).subList(0, 12));
        assertThat(rowNumbers(limited.validation().orElseThrow())).isEqualTo(rowNumbers(all.validation().orElseThrow()));
        assertThat(rowNumbers(limited.test().orElseThrow())).isEqualTo(rowNumbers(all.test().orElseThrow()));
        assertThat(limited.facts().trainSamples()).isEqualTo(12);
        assertThat(load(rowsBlock(0.1, 0.2, 7), Optional.of(1000)).train().count())
                .as("a limit above the training rows keeps them all").isEqualTo(all.train().count());
    }

    /**
     * The held-out rows hold values 100 times larger than any training row: a scaling fitted on
     * them would squeeze the training values near 0. Fitted on the training rows only, those span
     * [0, 1] and the held-out ones are scaled the same way, far above 1.
     */
    @Test
    void minmaxIsFittedOnTheTrainingShareOnlyAndAppliedToTheHeldOutShares() throws Exception {
        writeRows(60, i -> 0.5);
        RunData.Loaded unscaled = load(rowsBlock(0.1, 0.2, 7), Optional.empty());
        Set<Integer> heldOut = new HashSet<>(rowNumbers(unscaled.validation().orElseThrow()));
        heldOut.addAll(rowNumbers(unscaled.test().orElseThrow()));
        // Training values 2 + (row mod 5), so 2 to 6; held-out ones 600 + row.
        writeRows(60, i -> heldOut.contains(i) ? 600.0 + i : 2.0 + i % 5);

        RunData.Loaded loaded = load(rowsBlock(0.1, 0.2, 7).replace("csv(\"rows.csv\")",
                "csv(\"rows.csv\", scale: minmax)"), Optional.empty());

        assertThat(loaded.validation().orElseThrow().rowIndices())
                .as("the same rows held out, whatever their values").containsExactly(unscaled.validation().orElseThrow()
                        .rowIndices());
        assertThat(loaded.facts().scaling()).isEqualTo("minmax");
        assertThat(loaded.facts().scale()[1]).isCloseTo(1f / 4, Offset.offset(1e-6f));
        assertThat(loaded.facts().shift()[1]).isCloseTo(-2f / 4, Offset.offset(1e-6f));
        INDArray train = loaded.train().range(0, loaded.train().count());
        assertThat(train.getColumn(1).minNumber().doubleValue()).isCloseTo(0.0, Offset.offset(1e-6));
        assertThat(train.getColumn(1).maxNumber().doubleValue()).isCloseTo(1.0, Offset.offset(1e-6));
        for (Examples held : List.of(loaded.validation().orElseThrow(), loaded.test().orElseThrow())) {
            assertThat(held.scaling()).isEqualTo(loaded.train().scaling());
            INDArray values = held.range(0, held.count());
            for (int r = 0; r < held.count(); r++) {
                int row = held.rowIndices()[r];
                assertThat(values.getDouble(r, 1)).as("row " + row).isCloseTo((600.0 + row - 2) / 4, Offset.offset(1e-3));
            }
        }
    }

    @Test
    void aValidationFileIsScaledByTheTrainingDataAndDoesNotChangeIt() throws Exception {
        writeRows(20, i -> 1.0 + i % 3);
        Files.writeString(tmp.resolve("validation.csv"), "0,0\n1,1000\n");

        RunData.Loaded loaded = load(ROWS_MODEL + """
                train Autoencoder {
                  data: csv("rows.csv", scale: minmax)
                  loss: mse
                  optimizer: adam
                  batch: 2
                  validation: csv("validation.csv")
                }
                """, Optional.empty());

        assertThat(loaded.facts().scale()[1]).isCloseTo(1f / 2, Offset.offset(1e-6f));
        Examples validation = loaded.validation().orElseThrow();
        assertThat(validation.scaling()).isEqualTo(loaded.train().scaling());
        assertThat(validation.range(0, 2).getDouble(1, 1)).isCloseTo((1000 - 1) / 2.0, Offset.offset(1e-3));
        assertThat(loaded.facts().sources()).extracting(RunData.SourceFacts::role).containsExactly("data", "validation");
    }

    @Test
    void aLabelledImageFolderGivesAClassifierOneHotLabelsBySubFolder() throws Exception {
        int[] labels = {2, 0, 1, 0, 2, 1, 1};
        float[] pixels = new float[labels.length * 784];
        for (int i = 0; i < labels.length; i++) {
            Arrays.fill(pixels, i * 784, (i + 1) * 784, i / 10f);
        }
        Dataset set = new Dataset("animals", Split.TRAIN, new ImageShape(28, 28, 1), pixels, labels);
        TestData.writePngFolder(tmp.resolve("animals"), set, List.of("cat", "dog", "emu"));

        RunData.Loaded loaded = load("""
                model Classifier : 28x28x1 -> 3 {
                  flatten
                  dense(3, activation: softmax)
                }
                train Classifier {
                  data: images("animals", size: 28x28x1)
                  loss: categorical_crossentropy
                  optimizer: adam
                  batch: 2
                }
                """, Optional.empty());

        // Read folder by folder, file by file: cat/00001, cat/00003, dog/00002, dog/00005, dog/00006, emu/00000, emu/00004.
        int[] order = {1, 3, 2, 5, 6, 0, 4};
        Examples train = loaded.train();
        INDArray oneHot = train.labels().orElseThrow();
        INDArray images = train.range(0, train.count());
        assertThat(loaded.facts().classes()).containsExactly("cat", "dog", "emu");
        assertThat(oneHot.shape()).containsExactly(7L, 3L);
        for (int k = 0; k < order.length; k++) {
            int sample = order[k];
            float[] expected = new float[3];
            expected[labels[sample]] = 1f;
            assertThat(oneHot.getRow(k).toFloatVector()).as("labels of example " + k).containsExactly(expected);
            assertThat(images.getDouble(k, 0, 0, 0)).as("pixels of example " + k)
                    .isCloseTo(Math.round(sample / 10f * 255) / 255.0, Offset.offset(1e-6));
        }
    }

    /**
     * `skip_bad` leaves out an image whose header does not read when the folder is opened, and one
     * whose header reads and whose pixels do not once it is decoded: both are named with why, and
     * the labels of the images kept stay theirs.
     */
    @Test
    void skipBadLeavesOutImagesWhoseHeaderOrPixelsCannotBeReadAndTheLabelsFollow() throws Exception {
        Dataset set = TestData.fashion(Split.TRAIN, 12);
        List<String> files = writeImages(set);
        Path folder = tmp.resolve("images");
        Files.write(folder.resolve(files.get(3)), Arrays.copyOf(Files.readAllBytes(folder.resolve(files.get(3))), 20));
        garblePixels(folder.resolve(files.get(7)));

        RunData.Loaded loaded = load(classifier(files), Optional.empty());

        Examples train = loaded.train();
        assertThat(train.count()).isEqualTo(10);
        assertThat(loaded.facts().trainSamples()).isEqualTo(10);
        assertThat(loaded.facts().skipped()).satisfiesExactly(
                s -> assertThat(s).startsWith(files.get(3) + ": cannot decode the image: the file ends too early"),
                s -> assertThat(s).startsWith(files.get(7) + ": cannot decode the image: damaged compressed data"));
        List<String> kept = new ArrayList<>(files);
        kept.remove(7);
        kept.remove(3);
        INDArray oneHot = train.labels().orElseThrow();
        INDArray images = train.range(0, train.count());
        for (int k = 0; k < kept.size(); k++) {
            String file = kept.get(k);
            int sample = Integer.parseInt(file.substring(file.indexOf('/') + 1, file.indexOf('.')));
            int label = loaded.facts().classes().indexOf(file.substring(0, file.indexOf('/')));
            assertThat(oneHot.getRow(k).argMax().getInt(0)).as("label of " + file).isEqualTo(label);
            assertThat(file).startsWith(TestData.FASHION_CLASSES.get(set.label(sample)) + "/");
            assertThat(images.getDouble(k, 14, 14, 0)).as("a pixel of " + file)
                    .isCloseTo(set.images()[sample * 784 + 14 * 28 + 14], Offset.offset(0.5 / 255 + 1e-6));
        }
    }

    @Test
    void aFolderWhoseEveryImageHasDamagedPixelsIsAnErrorEvenWithSkipBad() throws Exception {
        List<String> files = writeImages(TestData.fashion(Split.TRAIN, 3));
        for (String file : files) {
            garblePixels(tmp.resolve("images").resolve(file));
        }

        assertThatThrownBy(() -> load(classifier(files), Optional.empty()))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("images: none of the 3 images can be read; the first, " + files.get(0)
                        + ": cannot decode the image: damaged compressed data");
    }

    @Test
    void requireSameRefusesAFileWhoseModificationTimeChangedAndNamesIt() throws Exception {
        Path rows = writeRows(20, i -> 0.5);
        RunData.Facts before = load(rowsBlock(0.1, null, 7), Optional.empty()).facts();
        RunData.requireSame(before, load(rowsBlock(0.1, null, 7), Optional.empty()).facts());

        Files.setLastModifiedTime(rows, FileTime.fromMillis(Files.getLastModifiedTime(rows).toMillis() + 3_600_000));
        RunData.Facts after = load(rowsBlock(0.1, null, 7), Optional.empty()).facts();

        assertThatThrownBy(() -> RunData.requireSame(before, after)).isInstanceOf(DataException.class)
                .hasMessage(rows + ": changed since the run started (its files, sizes or modification times differ), "
                        + "so resuming would not carry on the same training")
                .satisfies(e -> assertThat(((DataException) e).help())
                        .contains("restore the data as it was, or train a new run on it"));
    }

    /** A folder is one source: the message names it, not the image inside that changed. */
    @Test
    void requireSameRefusesAFolderWithAnImageTouchedAndNamesTheFolder() throws Exception {
        Path folder = TestData.writePngFolder(tmp.resolve("images"), TestData.mnist(Split.TRAIN, 6),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
        String block = """
                model Autoencoder : 784 -> 784 { dense(784, activation: sigmoid) }
                train Autoencoder { data: images("images", size: 28x28x1)  loss: mse  optimizer: adam  batch: 2 }
                """;
        RunData.Facts before = load(block, Optional.empty()).facts();
        Path image;
        try (var files = Files.walk(folder)) {
            image = files.filter(Files::isRegularFile).sorted().toList().get(3);
        }
        Files.setLastModifiedTime(image, FileTime.fromMillis(Files.getLastModifiedTime(image).toMillis() + 3_600_000));

        RunData.Facts after = load(block, Optional.empty()).facts();

        assertThatThrownBy(() -> RunData.requireSame(before, after)).isInstanceOf(DataException.class)
                .hasMessageStartingWith(folder + ": changed since the run started");
    }

    @Test
    void aNamedDatasetGivesTheExamplesOfItsFilesAsTheyAre() throws Exception {
        Dataset train = TestData.mnist(Split.TRAIN, 40);
        Dataset test = TestData.mnist(Split.TEST, 15);
        Path dir = TestData.writeIdx(tmp.resolve("mnist"), train, test);
        DatasetLocation location = new DatasetResolver(Map.of(), tmp.resolve("datasets"), DownloadSettings.standard())
                .unverified(DatasetSpec.mnist(), dir);
        TrainSpec spec = spec("""
                model Autoencoder : 28x28x1 -> 28x28x1 {
                  flatten
                  dense(784, activation: sigmoid)
                  reshape(28x28x1)
                }
                train Autoencoder {
                  data: mnist
                  loss: binary_crossentropy
                  optimizer: adam
                  batch: 5
                  validation: mnist.test
                  test: mnist.test
                }
                """);

        RunData.Loaded loaded = RunData.load(spec, input(spec), Optional.empty(), RunData.Access.of(location,
                tmp.resolve("samples")), Optional.empty(), () -> false);
        RunData.Loaded limited = RunData.load(spec, input(spec), Optional.of(10), RunData.Access.of(location,
                tmp.resolve("samples")), Optional.empty(), () -> false);

        // As the run read a named dataset before it read the user's files too.
        Dataset read = Dataset.read(location, Split.TRAIN);
        assertThat(pixels(loaded.train())).containsExactly(pixels(Examples.forLoss(read, input(spec), spec.loss(), 0)));
        assertThat(pixels(loaded.train())).containsExactly(read.images());
        assertThat(pixels(loaded.test().orElseThrow())).containsExactly(Dataset.read(location, Split.TEST).images());
        assertThat(loaded.validation().orElseThrow()).as("validation and test on the same split: one set of examples")
                .isSameAs(loaded.test().orElseThrow());
        assertThat(loaded.train().labels()).isEmpty();
        assertThat(loaded.facts().scaling()).isEqualTo("none");
        assertThat(loaded.facts().data().path()).isEqualTo(dir.resolve("train-images-idx3-ubyte").toString());
        assertThat(loaded.facts().sources()).extracting(RunData.SourceFacts::role, RunData.SourceFacts::samples)
                .containsExactly(tuple("data", 40), tuple("test", 15));
        assertThat(pixels(limited.train())).containsExactly(Arrays.copyOf(read.images(), 10 * 784));
        assertThat(limited.test().orElseThrow().count()).isEqualTo(15);
    }

    /** `set` as a folder of PNGs under `images`, by class; returns the files below it, in reading order. */
    private List<String> writeImages(Dataset set) throws IOException {
        Path folder = TestData.writePngFolder(tmp.resolve("images"), set, TestData.FASHION_CLASSES);
        try (var files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(f -> folder.relativize(f).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    /** Garbles a PNG's compressed pixels, leaving its header readable. */
    private static void garblePixels(Path file) throws IOException {
        byte[] png = Files.readAllBytes(file);
        int data = -1;
        for (int i = 0; i + 4 <= png.length && data < 0; i++) {
            if (png[i] == 'I' && png[i + 1] == 'D' && png[i + 2] == 'A' && png[i + 3] == 'T') {
                data = i + 4;
            }
        }
        Arrays.fill(png, data + 2, Math.min(png.length - 16, data + 40), (byte) 0xa5);
        Files.write(file, png);
    }

    /** A classifier of the images in `images` into the classes (sub-folders) among `files`. */
    private static String classifier(List<String> files) {
        long classes = files.stream().map(f -> f.substring(0, f.indexOf('/'))).distinct().count();
        return """
                model Classifier : 28x28x1 -> %d {
                  flatten
                  dense(%d, activation: softmax)
                }
                train Classifier {
                  data: images("images", size: 28x28x1, skip_bad: true)
                  loss: categorical_crossentropy
                  optimizer: adam
                  batch: 2
                }
                """.formatted(classes, classes);
    }

    private interface RowValue {
        double of(int row);
    }

    /** `rows.csv`: `n` rows of the row's number and `value(row)`. */
    private Path writeRows(int n, RowValue value) throws IOException {
        String text = IntStream.range(0, n).mapToObj(i -> i + "," + value.of(i))
                .collect(Collectors.joining("\n", "", "\n"));
        return Files.writeString(tmp.resolve("rows.csv"), text);
    }

    private static String rowsBlock(Double validation, Double test, long seed) {
        return ROWS_MODEL + "train Autoencoder {\n  data: csv(\"rows.csv\")\n  loss: mse\n  optimizer: adam\n  batch: 2\n"
                + (validation == null ? "" : "  validation: split(" + validation + ")\n")
                + (test == null ? "" : "  test: split(" + test + ")\n")
                + "  seed: " + seed + "\n}\n";
    }

    /** The row numbers (first column) of `examples`, in their order. */
    private static List<Integer> rowNumbers(Examples examples) {
        INDArray values = examples.range(0, examples.count());
        return IntStream.range(0, examples.count()).mapToObj(i -> (int) Math.round(values.getDouble(i, 0))).toList();
    }

    private static float[] pixels(Examples examples) {
        return examples.range(0, examples.count()).data().asFloat();
    }

    private RunData.Loaded load(String source, Optional<Integer> limit) throws Exception {
        TrainSpec spec = spec(source);
        RunData.Access files = new RunData.Access() {
            @Override
            public DatasetLocation locate(String dataset) {
                throw new IllegalStateException("no named dataset here: " + dataset);
            }

            @Override
            public Path cacheRoot() {
                return tmp.resolve("samples");
            }
        };
        return RunData.load(spec, input(spec), limit, files, Optional.empty(), () -> false);
    }

    /** The train block of `source`, written as `model.aemodel` beside the data and checked as `aec check` does. */
    private TrainSpec spec(String source) throws IOException {
        Path file = Files.writeString(tmp.resolve("model.aemodel"), source);
        Compiler.Result result = Compiler.compileFile(file, Sources::probe);
        DiagnosticRenderer renderer = new DiagnosticRenderer(false);
        assertThat(result.ok()).as(result.diagnostics().sorted().stream().map(renderer::render)
                .collect(Collectors.joining("\n"))).isTrue();
        program = result.program().orElseThrow();
        return program.trains().get(0);
    }

    private dev.aec.compiler.types.Shape input(TrainSpec spec) {
        return Lowerer.lower(program, spec.model()).input();
    }
}
