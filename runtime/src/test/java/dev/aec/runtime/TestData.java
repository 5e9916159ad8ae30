package dev.aec.runtime;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.IdxFile;
import dev.aec.runtime.data.IdxReader;
import dev.aec.runtime.data.ImageShape;
import dev.aec.runtime.data.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Data and models for runtime tests: the first images of real MNIST when the shared folder is
 * there, else small synthetic digit-like images (strokes on a dark background) so the tests run
 * anywhere.
 */
public final class TestData {
    private TestData() {
    }

    public static Path repo() {
        return dev.aec.compiler.TestPaths.repo();
    }

    public static Path sharedMnist() {
        return repo().resolve("../shared/datasets/mnist").normalize();
    }

    public static CheckedProgram model(String file) {
        try {
            Compiler.Result result = Compiler.compileFile(repo().resolve("models").resolve(file));
            if (!result.ok()) {
                throw new IllegalStateException(file + " does not check");
            }
            return result.program().orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first `n` images of a split: real MNIST when available, else synthetic. */
    public static Dataset mnist(Split split, int n) {
        Path dir = sharedMnist();
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        if (Files.exists(images) && Files.exists(labels)) {
            try {
                Dataset all = Dataset.of("mnist", split, IdxReader.read(images, IdxFile.Kind.IMAGES),
                        IdxReader.read(labels, IdxFile.Kind.LABELS));
                return all.limit(n);
            } catch (DataException e) {
                throw new IllegalStateException(e);
            }
        }
        return synthetic(split, n, split == Split.TRAIN ? 1 : 2);
    }

    /** Fashion-MNIST's class names, in label order, as folder names. */
    public static final java.util.List<String> FASHION_CLASSES =
            dev.aec.compiler.model.Datasets.find("fashion_mnist").orElseThrow().classNames();

    /** The first `n` images of a Fashion-MNIST split from Debian's package when installed, else synthetic stand-ins. */
    public static Dataset fashion(Split split, int n) {
        Path dir = dev.aec.runtime.data.DatasetSpec.FASHION_MNIST_DEBIAN_DIRECTORY;
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz");
        Path labels = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
        if (Files.exists(images) && Files.exists(labels)) {
            try {
                return Dataset.of("fashion_mnist", split, IdxReader.read(images, IdxFile.Kind.IMAGES),
                        IdxReader.read(labels, IdxFile.Kind.LABELS)).limit(n);
            } catch (DataException e) {
                throw new IllegalStateException(e);
            }
        }
        return synthetic(split, n, split == Split.TRAIN ? 3 : 4);
    }

    /**
     * Writes `set` as greyscale PNG files, one sub-folder per class named from `classes`
     * (`DIR/trouser/00017.png`), as a user's labelled image folder looks; returns DIR.
     */
    public static Path writePngFolder(Path dir, Dataset set, java.util.List<String> classes) throws IOException {
        dev.aec.runtime.picture.ImageFiles.writeGreyFolder(dir, set.images(), set.shape().height(), set.shape().width(),
                set.count(), i -> classes.get(set.label(i)) + "/" + String.format(java.util.Locale.ROOT, "%05d.png", i));
        return dir;
    }

    /** Strokes at random places, and a mark that gives the label away (learnable, unlike the strokes). */
    public static Dataset synthetic(Split split, int n, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(10);
            int strokes = 1 + random.nextInt(3);
            for (int s = 0; s < strokes; s++) {
                int r0 = 4 + random.nextInt(20);
                int c0 = 4 + random.nextInt(20);
                boolean horizontal = random.nextBoolean();
                int length = 6 + random.nextInt(12);
                for (int k = 0; k < length; k++) {
                    int r = Math.min(27, horizontal ? r0 : r0 + k - length / 2);
                    int c = Math.min(27, horizontal ? c0 + k - length / 2 : c0);
                    if (r >= 0 && c >= 0) {
                        pixels[i * 784 + r * 28 + c] = 1f;
                        if (c + 1 < 28) {
                            pixels[i * 784 + r * 28 + c + 1] = Math.max(pixels[i * 784 + r * 28 + c + 1], 0.6f);
                        }
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            // A 2x2 mark in the top rows whose column is the label, so a classifier can learn the labels.
            int c = 2 + 2 * labels[i];
            for (int r = 0; r < 2; r++) {
                pixels[i * 784 + r * 28 + c] = 1f;
                pixels[i * 784 + r * 28 + c + 1] = 1f;
            }
        }
        return new Dataset("synthetic", split, new ImageShape(28, 28, 1), pixels, labels);
    }

    public static float[] copy(float[] a) {
        return Arrays.copyOf(a, a.length);
    }

    /** Writes a dataset as the four uncompressed IDX files (train and test both from `train`/`test`). */
    public static Path writeIdx(Path dir, Dataset train, Dataset test) throws IOException {
        Files.createDirectories(dir);
        writeSplit(dir, "train", train);
        writeSplit(dir, "t10k", test);
        return dir;
    }

    private static void writeSplit(Path dir, String prefix, Dataset d) throws IOException {
        int n = d.count();
        java.nio.ByteBuffer images = java.nio.ByteBuffer.allocate(16 + n * 784);
        images.putInt(0x00000803).putInt(n).putInt(28).putInt(28);
        for (float v : d.images()) {
            images.put((byte) Math.round(Math.max(0, Math.min(1, v)) * 255));
        }
        java.nio.ByteBuffer labels = java.nio.ByteBuffer.allocate(8 + n);
        labels.putInt(0x00000801).putInt(n);
        for (int l : d.labels()) {
            labels.put((byte) l);
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), images.array());
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
    }
}
