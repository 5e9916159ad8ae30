package dev.aec.runtime.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** One of the four IDX files that make up an MNIST-style dataset, by its original file name. */
public enum DatasetFile {
    TRAIN_IMAGES("train-images-idx3-ubyte", IdxFile.Kind.IMAGES),
    TRAIN_LABELS("train-labels-idx1-ubyte", IdxFile.Kind.LABELS),
    TEST_IMAGES("t10k-images-idx3-ubyte", IdxFile.Kind.IMAGES),
    TEST_LABELS("t10k-labels-idx1-ubyte", IdxFile.Kind.LABELS);

    private final String fileName;
    private final IdxFile.Kind kind;

    DatasetFile(String fileName, IdxFile.Kind kind) {
        this.fileName = fileName;
        this.kind = kind;
    }

    /** The uncompressed file name, e.g. {@code train-images-idx3-ubyte}. */
    public String fileName() {
        return fileName;
    }

    /** The gzip file name, e.g. {@code train-images-idx3-ubyte.gz}. */
    public String gzipName() {
        return fileName + ".gz";
    }

    public IdxFile.Kind kind() {
        return kind;
    }

    /**
     * The file in {@code directory}, plain or {@code .gz}. The plain one wins when both are there
     * because it loads without inflating.
     */
    public Optional<Path> findIn(Path directory) {
        for (String name : new String[] {fileName, gzipName()}) {
            Path candidate = directory.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Both names a user may have, for messages: {@code train-images-idx3-ubyte[.gz]}. */
    String displayName() {
        return fileName + "[.gz]";
    }
}
