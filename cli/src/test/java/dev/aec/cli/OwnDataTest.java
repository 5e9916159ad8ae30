package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.aec.compiler.data.DataSource;
import dev.aec.runtime.TestData;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.data.source.NpyFile;
import dev.aec.runtime.data.source.Samples;
import dev.aec.runtime.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on the user's own data and using the run on it, as the tutorials do: a folder of PNG
 * files (Fashion-MNIST from Debian's package, or stand-ins) through train, reconstruct, encode and
 * score; and anomaly detection on a real table (scikit-learn's digits) judged by its ROC AUC.
 */
class OwnDataTest {
    /** scikit-learn's copy of the UCI handwritten digits: 1,797 rows of 64 pixels (0-16) and the digit. */
    static final Path DIGITS = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz");

    @TempDir
    Path tmp;

    private static String convModel(String data) throws IOException {
        String conv = Files.readString(Path.of(CliRun.model("conv_autoencoder.aemodel")));
        return conv.substring(0, conv.indexOf("train Autoencoder")) + "train Autoencoder {\n  data: " + data + "\n"
                + "  validation: split(0.1)\n  test: images(\"test\", size: 28x28x1)\n  loss: binary_crossentropy\n"
                + "  optimizer: adadelta\n  batch: 50\n  epochs: 1\n}\n";
    }

    @Test
    void aFolderOfImagesTrainsAndTheRunEncodesAndScoresAnotherFolder() throws Exception {
        TestData.writePngFolder(tmp.resolve("train"), TestData.fashion(Split.TRAIN, 400), TestData.FASHION_CLASSES);
        TestData.writePngFolder(tmp.resolve("test"), TestData.fashion(Split.TEST, 60), TestData.FASHION_CLASSES);
        Path model = Files.writeString(tmp.resolve("own.aemodel"), convModel("images(\"train\", size: 28x28x1)"));

        CliRun check = CliRun.of("check", model.toString());
        assertThat(check.exitCode()).as(check.err()).isEqualTo(ExitCode.OK);
        assertThat(check.out()).contains("(400 samples of 28x28x1, ");

        Path run = tmp.resolve("run");
        CliRun train = CliRun.of("train", model.toString(), "--out", run.toString());
        assertThat(train.exitCode()).as(train.err()).isEqualTo(ExitCode.OK);
        assertThat(train.err()).contains("(360 samples, 40 to validate, 60 to test)");
        assertThat(train.out()).containsPattern("test loss:  0\\.\\d{4} .*60 test samples");
        assertThat(run.resolve(RunDirectory.DATA)).exists();
        assertThat(run.resolve(RunDirectory.PICTURE)).exists();

        Path latents = tmp.resolve("latents.csv");
        CliRun encode = CliRun.of("encode", run.toString(), tmp.resolve("test").toString(), "-o", latents.toString());
        assertThat(encode.exitCode()).as(encode.err()).isEqualTo(ExitCode.OK);
        List<String> lines = Files.readAllLines(latents);
        assertThat(lines).hasSize(61);
        assertThat(lines.get(0)).startsWith("name,z0,z1,").endsWith(",z127");
        assertThat(lines.get(1)).matches("[a-z-]+/\\d{5}\\.png(,[-0-9.E]+){128}");

        Path npy = tmp.resolve("latents.npy");
        assertThat(CliRun.of("encode", run.toString(), tmp.resolve("test").toString(), "-o", npy.toString()).exitCode())
                .isEqualTo(ExitCode.OK);
        try (Samples codes = NpyFile.open(npy, Optional.empty(), Optional.empty())) {
            assertThat(codes.count()).isEqualTo(60);
            assertThat(codes.width()).isEqualTo(128);
            float[] first = new float[128];
            codes.read(0, first, 0);
            String[] cells = lines.get(1).split(",");
            for (int j = 0; j < 128; j++) {
                assertThat(first[j]).isEqualTo(Float.parseFloat(cells[j + 1]));
            }
        }

        Path scores = tmp.resolve("scores.csv");
        CliRun score = CliRun.of("score", run.toString(), tmp.resolve("test").toString(), "-o", scores.toString());
        assertThat(score.exitCode()).as(score.err()).isEqualTo(ExitCode.OK);
        assertThat(score.out()).containsPattern("\\d+ of 60 samples of .* above the threshold [0-9.]+ \\(99th percentile "
                + "of the errors on the 360 training samples\\)");
        assertThat(Files.readAllLines(scores)).hasSize(61).first().isEqualTo("name,error,above");
        assertThat(tmp.resolve("scores.png")).exists();

        CliRun again = CliRun.of("score", run.toString(), tmp.resolve("test").toString(), "-o", scores.toString());
        assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(again.err()).contains("already exists; use --force");

        CliRun picture = CliRun.of("reconstruct", run.toString(), tmp.resolve("test").toString(), "--n", "8");
        assertThat(picture.exitCode()).as(picture.err()).isEqualTo(ExitCode.OK);
        assertThat(run.resolve("reconstructions-test-8.png")).exists();
    }

    @Test
    void exportWritesADatasetAsAFolderPerClassThatTrainsAsImages() throws Exception {
        Path idx = TestData.writeIdx(tmp.resolve("idx"), TestData.mnist(Split.TRAIN, 30), TestData.mnist(Split.TEST, 10));
        Path folder = tmp.resolve("digits");
        CliRun export = CliRun.of("export", "mnist", folder.toString(), "--split", "test", "--data", idx.toString(),
                "--no-verify");
        assertThat(export.exitCode()).as(export.err()).isEqualTo(ExitCode.OK);
        assertThat(export.out()).contains("10 mnist test images in " + folder);
        try (var files = Files.walk(folder)) {
            assertThat(files.filter(p -> p.toString().endsWith(".png")).count()).isEqualTo(10);
        }
        assertThat(tmp.resolve("digits.partial")).doesNotExist();
        // The pixels survive the trip through 8-bit PNG exactly, as they came from bytes.
        Dataset test = TestData.mnist(Split.TEST, 10);
        DataSource.FileSource source = dev.aec.runtime.data.source.Sources.infer(folder, Optional.empty(),
                dev.aec.compiler.types.Shape.of(28, 28, 1));
        try (Samples samples = dev.aec.runtime.data.source.Sources.open(source)) {
            float[] read = new float[784];
            for (int i = 0; i < samples.count(); i++) {
                samples.read(i, read, 0);
                int index = Integer.parseInt(samples.name(i).replaceAll(".*/0*(\\d+)\\.png", "$1"));
                for (int p = 0; p < 784; p++) {
                    assertThat(read[p]).isEqualTo(test.images()[index * 784 + p]);
                }
            }
        }
        CliRun again = CliRun.of("export", "mnist", folder.toString(), "--data", idx.toString(), "--no-verify");
        assertThat(again.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(again.err()).contains("already exists");
    }

    /**
     * A run on a folder resumed after its first epoch learns exactly what an uninterrupted run
     * learns: the same held-out share, the same shuffles, the same samples from the cache.
     */
    @Test
    void aRunOnAFolderResumedAfterAnEpochEndsAsAnUninterruptedOne() throws Exception {
        TestData.writePngFolder(tmp.resolve("train"), TestData.fashion(Split.TRAIN, 200), TestData.FASHION_CLASSES);
        TestData.writePngFolder(tmp.resolve("test"), TestData.fashion(Split.TEST, 20), TestData.FASHION_CLASSES);
        Path model = Files.writeString(tmp.resolve("own.aemodel"), convModel("images(\"train\", size: 28x28x1)"));
        Path whole = tmp.resolve("whole");
        assertThat(CliRun.of("train", model.toString(), "--out", whole.toString(), "--epochs", "2").exitCode())
                .isEqualTo(ExitCode.OK);
        Path resumed = tmp.resolve("resumed");
        assertThat(CliRun.of("train", model.toString(), "--out", resumed.toString(), "--epochs", "1").exitCode())
                .isEqualTo(ExitCode.OK);
        // As if the two-epoch run had been stopped at the end of its first epoch.
        Path record = resumed.resolve(RunDirectory.RECORD);
        Files.writeString(record, Files.readString(record).replace("\"finished\"", "\"interrupted\"")
                .replaceFirst("\"epochs\" : 1,", "\"epochs\" : 2,"));
        CliRun carried = CliRun.of("train", "--resume", resumed.toString());
        assertThat(carried.exitCode()).as(carried.err()).isEqualTo(ExitCode.OK);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var a = json.readTree(whole.resolve(RunDirectory.RECORD).toFile());
        var b = json.readTree(record.toFile());
        for (int epoch = 0; epoch < 2; epoch++) {
            assertThat(b.get("epochs").get(epoch).get("trainLoss").asDouble())
                    .isEqualTo(a.get("epochs").get(epoch).get("trainLoss").asDouble());
            assertThat(b.get("epochs").get(epoch).get("validationLoss").asDouble())
                    .isEqualTo(a.get("epochs").get(epoch).get("validationLoss").asDouble());
        }
        assertThat(b.get("testLoss").asDouble()).isEqualTo(a.get("testLoss").asDouble());
    }

    @Test
    void aResumedRunRefusesDataThatChangedSinceItStarted() throws Exception {
        TestData.writePngFolder(tmp.resolve("train"), TestData.fashion(Split.TRAIN, 100), TestData.FASHION_CLASSES);
        TestData.writePngFolder(tmp.resolve("test"), TestData.fashion(Split.TEST, 20), TestData.FASHION_CLASSES);
        Path model = Files.writeString(tmp.resolve("own.aemodel"), convModel("images(\"train\", size: 28x28x1)"));
        Path run = tmp.resolve("run");
        assertThat(CliRun.of("train", model.toString(), "--out", run.toString()).exitCode()).isEqualTo(ExitCode.OK);
        // Make the run resumable as if it had been killed, then change one image.
        String record = Files.readString(run.resolve(RunDirectory.RECORD)).replace("\"finished\"", "\"running\"");
        Files.writeString(run.resolve(RunDirectory.RECORD), record);
        Path image = Files.walk(tmp.resolve("train")).filter(p -> p.toString().endsWith(".png")).findFirst().orElseThrow();
        Files.setLastModifiedTime(image, java.nio.file.attribute.FileTime.fromMillis(0));

        CliRun resumed = CliRun.of("train", "--resume", run.toString());
        assertThat(resumed.exitCode()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(resumed.err()).contains(tmp.resolve("train") + ": changed since the run started")
                .contains("aec: help: restore the data as it was, or train a new run on it");
    }

    /**
     * The anomaly-detection tutorial on a real table: an autoencoder trained on the digits that are
     * not 0 scores the 0s higher. scikit-learn's table comes with Debian's python3-sklearn.
     */
    @Test
    void anAutoencoderOnTheDigitsTableScoresTheDigitItNeverSawHigher() throws Exception {
        assumeThat(Files.exists(DIGITS)).as("scikit-learn's digits.csv.gz (Debian's python3-sklearn) is not installed")
                .isTrue();
        List<String> rows = new ArrayList<>();
        try (var in = new GZIPInputStream(Files.newInputStream(DIGITS))) {
            new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).lines().forEach(rows::add);
        }
        boolean[] zero = new boolean[rows.size()];
        List<String> normal = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            zero[i] = rows.get(i).endsWith(",0");
            if (!zero[i]) {
                normal.add(rows.get(i));
            }
        }
        Files.write(tmp.resolve("normal.csv"), normal);
        Files.write(tmp.resolve("all.csv"), rows);
        Path model = Files.writeString(tmp.resolve("digits.aemodel"), """
                model Digits : 64 -> 64 {
                  dense(32, activation: relu)
                  dense(8, activation: relu)
                  dense(32, activation: relu)
                  dense(64, activation: sigmoid)
                }

                train Digits {
                  data: csv("normal.csv", columns: "0-63", scale: minmax)
                  validation: split(0.1)
                  loss: mse
                  optimizer: adam(learning_rate: 0.005)
                  batch: 32
                  epochs: 60
                }
                """);
        Path run = tmp.resolve("run");
        CliRun train = CliRun.of("train", model.toString(), "--out", run.toString(), "-q");
        assertThat(train.exitCode()).as(train.err()).isEqualTo(ExitCode.OK);
        Path scores = tmp.resolve("scores.csv");
        CliRun score = CliRun.of("score", run.toString(), tmp.resolve("all.csv").toString(), "-o", scores.toString());
        assertThat(score.exitCode()).as(score.err()).isEqualTo(ExitCode.OK);
        List<String> lines = Files.readAllLines(scores);
        double[] errors = new double[rows.size()];
        for (int i = 0; i < errors.length; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertThat(cells[0]).isEqualTo("line " + (i + 1));
            errors[i] = Double.parseDouble(cells[1]);
        }
        double auc = RocAuc.of(errors, zero);
        System.out.printf(java.util.Locale.ROOT, "digits, 0 against the rest: ROC AUC %.3f%n", auc);
        assertThat(auc).as("ROC AUC of the 0s against the other digits").isGreaterThan(0.85);
    }
}
