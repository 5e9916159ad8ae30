package dev.aec.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.runtime.TestData;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.run.RunDirectory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What `aec check` cannot see in the user's data, found by `aec train` when it reads every sample:
 * an image further on in a folder that is damaged or of another size, a NaN inside an array.
 * `aec train` runs as a user's shell starts it, in its own JVM, with `XDG_CACHE_HOME` pointing at
 * a temporary folder so that its cache of decoded samples can be looked at. A data error is exit
 * 3 with a message naming the file (and the sample) and leaves nothing behind: no run directory,
 * no cache file, no temporary file.
 */
class DataErrorsAtTrainTest {
    @TempDir
    Path tmp;

    /** The image the damage is done to, below the folder: the middle one of 24 in the order aec reads them. */
    private String victim;

    /** A damage `aec check` does not see (it reads only the first image's header, or an array's header). */
    enum Damage {
        /** A PNG cut short inside its header. */
        HEADER_CUT,
        /** A PNG whose header reads but whose compressed pixels are garbage. */
        PIXELS_GARBLED,
        /** A PNG cut short inside its pixels. */
        PIXELS_CUT,
        /** A 32x32 image among 28x28 ones, read without `resize: true`. */
        OTHER_SIZE,
        /** A NaN in sample 3 of a float32 array. */
        NAN_IN_ARRAY
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Damage.class)
    void aDataErrorFoundWhileReadingIsExitThreeNamingTheFileAndLeavesNothingBehind(Damage damage) throws Exception {
        Path model = write(damage, false);
        Path out = tmp.resolve("runs").resolve("run");

        assertThat(CliRun.of("check", model.toString()).exitCode()).as("aec check does not read this far")
                .isEqualTo(ExitCode.OK);
        Train train = Train.run(tmp, "train", model.toString(), "--out", out.toString());

        assertThat(train.exitCode()).as(train.log()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(train.log()).contains(expectedError(damage)).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out).as("no run directory").doesNotExist();
        assertThat(tmp.resolve("runs")).doesNotExist();
        assertThat(cacheFiles()).as("nothing left in the cache of decoded samples").isEmpty();
    }

    /** Files named by a URI on another file system are read on Spark only: said at once, nothing written. */
    @Test
    void filesOnAClustersFileSystemAreAnErrorWithoutSpark() throws Exception {
        Path model = Files.writeString(tmp.resolve("model.aemodel"), """
                model Autoencoder : 4 -> 4 {
                  dense(2, activation: relu)
                  dense(4, activation: sigmoid)
                }
                train Autoencoder { data: csv("hdfs://namenode:8020/tables/t.csv")  loss: mse  optimizer: adam }
                """);
        Path out = tmp.resolve("runs").resolve("run");

        assertThat(CliRun.of("check", model.toString()).exitCode()).as("aec check does not look there")
                .isEqualTo(ExitCode.OK);
        Train train = Train.run(tmp, "train", model.toString(), "--out", out.toString());

        assertThat(train.exitCode()).as(train.log()).isEqualTo(ExitCode.ENVIRONMENT);
        assertThat(train.log()).contains("aec: error: hdfs://namenode:8020/tables/t.csv: is on a `hdfs` file system, "
                        + "which aec reads only when it trains on Spark\n")
                .contains("aec: help: train with `--spark MASTER`, or copy the files to this machine and name their "
                        + "path\n")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(tmp.resolve("runs")).doesNotExist();
    }

    @Test
    void anImageWhoseHeaderCannotBeReadIsSkippedWithSkipBadAndNamedInAWarning() throws Exception {
        Path model = write(Damage.HEADER_CUT, true);
        Path out = tmp.resolve("run");

        Train train = Train.run(tmp, "train", model.toString(), "--out", out.toString());

        assertThat(train.exitCode()).as(train.log()).isEqualTo(ExitCode.OK);
        assertThat(train.log()).contains("(23 samples)")
                .contains("aec: warning: skipped 1 unreadable file (skip_bad: true): " + victim
                        + ": cannot decode the image: the file ends too early (I/O error reading PNG header)\n");
        assertThat(Files.readString(out.resolve(RunDirectory.DATA))).contains(victim);
        assertThat(cacheFiles()).as("the decoded samples, and no temporary file").singleElement()
                .satisfies(f -> assertThat(f.getFileName().toString()).endsWith(".rows"));
    }

    /**
     * `skip_bad` reads every header before training and decodes the pixels once, into the cache: an
     * image whose header reads and whose pixels do not is left out then, named in the warning, and
     * the cache remembers it, so a second run reuses the cache and still leaves it out and says so.
     */
    @Test
    void anImageWhosePixelsCannotBeReadIsSkippedWithSkipBadAndNamedInAWarningEvenFromTheCache() throws Exception {
        Path model = write(Damage.PIXELS_GARBLED, true);
        String warning = "aec: warning: skipped 1 unreadable file (skip_bad: true): " + victim
                + ": cannot decode the image: damaged compressed data (error reading PNG image data: invalid code "
                + "lengths set)\n";

        // Reuse touches the file's modification time (its last use, for eviction); a rewrite would be a
        // new file, renamed into place, with another file key.
        List<Object> cacheFile = new ArrayList<>();
        for (String run : List.of("first", "second")) {
            Path out = tmp.resolve(run);
            Train train = Train.run(tmp, "train", model.toString(), "--out", out.toString());

            assertThat(train.exitCode()).as(train.log()).isEqualTo(ExitCode.OK);
            assertThat(train.log()).as(run).contains("(23 samples)").contains(warning);
            assertThat(Files.readString(out.resolve(RunDirectory.DATA))).contains(victim);
            assertThat(cacheFiles()).as("one cache of decoded samples, and no temporary file").singleElement()
                    .satisfies(f -> assertThat(f.getFileName().toString()).endsWith(".rows"));
            cacheFile.add(Files.readAttributes(cacheFiles().get(0), BasicFileAttributes.class).fileKey());
        }
        assertThat(cacheFile.get(1)).as("the second run reuses the cache").isNotNull().isEqualTo(cacheFile.get(0));
    }

    private String expectedError(Damage damage) {
        return switch (damage) {
            case HEADER_CUT -> "aec: error: " + damaged()
                    + ": cannot decode the image: the file ends too early (I/O error reading PNG header)\n"
                    + "aec: help: replace or remove the file, or add `skip_bad: true` to leave out the images that "
                    + "cannot be read\n";
            case PIXELS_GARBLED -> "aec: error: " + damaged() + ": cannot decode the image: damaged compressed data "
                    + "(error reading PNG image data: invalid code lengths set)\n"
                    + "aec: help: replace or remove the file, or add `skip_bad: true` to leave out the images that "
                    + "cannot be read\n";
            case PIXELS_CUT -> "aec: error: " + damaged()
                    + ": cannot decode the image: the file ends too early (error reading PNG image data)\n"
                    + "aec: help: replace or remove the file, or add `skip_bad: true` to leave out the images that "
                    + "cannot be read\n";
            case OTHER_SIZE -> "aec: error: " + damaged() + ": the image is 32x32 (height x width), expected 28x28 "
                    + "(`size: 28x28x1`)\naec: help: add `resize: true` to read every image at 28x28\n";
            case NAN_IN_ARRAY -> "aec: error: " + tmp.resolve("values.npy") + ": sample 3 holds NaN at [2]\n"
                    + "aec: help: aec trains on finite numbers: replace or drop the missing values (`np.nan_to_num` "
                    + "in NumPy) and save the file again\n";
        };
    }

    private Path damaged() {
        return tmp.resolve("images").resolve(victim);
    }

    /** Writes the data with `damage` done to it, and a model file training on it; returns the model file. */
    private Path write(Damage damage, boolean skipBad) throws IOException {
        Path model = tmp.resolve("model.aemodel");
        if (damage == Damage.NAN_IN_ARRAY) {
            float[] values = new float[6 * 4];
            for (int i = 0; i < values.length; i++) {
                values[i] = i / 24f;
            }
            values[3 * 4 + 2] = Float.NaN;
            Files.write(tmp.resolve("values.npy"), npy(values, 6, 4));
            Files.writeString(model, """
                    model Autoencoder : 4 -> 4 {
                      dense(2, activation: relu)
                      dense(4, activation: sigmoid)
                    }
                    train Autoencoder { data: npy("values.npy")  loss: mse  optimizer: adam  batch: 2  epochs: 1 }
                    """);
            return model;
        }
        Path images = TestData.writePngFolder(tmp.resolve("images"), TestData.fashion(Split.TRAIN, 24),
                TestData.FASHION_CLASSES);
        try (Stream<Path> files = Files.walk(images)) {
            victim = files.filter(Files::isRegularFile).map(f -> images.relativize(f).toString().replace('\\', '/'))
                    .sorted().toList().get(12);
        }
        Path file = images.resolve(victim);
        byte[] png = Files.readAllBytes(file);
        int data = indexOf(png, "IDAT") + 4;
        switch (damage) {
            case HEADER_CUT -> Files.write(file, Arrays.copyOf(png, 20));
            case PIXELS_GARBLED -> {
                Arrays.fill(png, data + 2, Math.min(png.length - 16, data + 40), (byte) 0xa5);
                Files.write(file, png);
            }
            case PIXELS_CUT -> Files.write(file, Arrays.copyOf(png, data + 16));
            case OTHER_SIZE -> ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY), "png",
                    file.toFile());
            case NAN_IN_ARRAY -> throw new IllegalStateException();
        }
        Files.writeString(model, """
                model Autoencoder : 28x28x1 -> 28x28x1 {
                  flatten
                  dense(8, activation: relu)
                  dense(784, activation: sigmoid)
                  reshape(28x28x1)
                }
                train Autoencoder {
                  data: images("images", size: 28x28x1%s)
                  loss: binary_crossentropy
                  optimizer: adam
                  batch: 4
                  epochs: 1
                }
                """.formatted(skipBad ? ", skip_bad: true" : ""));
        return model;
    }

    /** Every file under the test's cache folder. */
    private List<Path> cacheFiles() throws IOException {
        Path cache = tmp.resolve("cache");
        if (!Files.exists(cache)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static int indexOf(byte[] bytes, String chunk) {
        byte[] name = chunk.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + name.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + name.length, name, 0, name.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + chunk + " chunk");
    }

    /** A version 1.0 NPY of float32 values of shape (rows, columns), as `np.save` writes it. */
    private static byte[] npy(float[] values, int rows, int columns) {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows + ", " + columns + "), }";
        int unpadded = 10 + dict.length() + 1;
        byte[] header = (dict + " ".repeat((64 - unpadded % 64) % 64) + "\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer out = ByteBuffer.allocate(10 + header.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length).put(header);
        for (float v : values) {
            out.putFloat(v);
        }
        return out.array();
    }

    /** An `aec` in its own JVM, its cache of decoded samples in `tmp/cache`; stdout and stderr together. */
    record Train(int exitCode, String log) {
        static Train run(Path tmp, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName()));
            command.addAll(List.of(args));
            Path log = Files.createTempFile(tmp, "train", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .directory(tmp.toFile());
            Map<String, String> environment = builder.environment();
            environment.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
            Process process = builder.start();
            if (!process.waitFor(180, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("aec did not end within 3 minutes");
            }
            String text = Files.readString(log);
            Files.delete(log);
            return new Train(process.exitValue(), text);
        }
    }
}
