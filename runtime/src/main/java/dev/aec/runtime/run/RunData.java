package dev.aec.runtime.run;

import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.data.DataSource.FileSource;
import dev.aec.compiler.data.DataSource.HeldOut;
import dev.aec.compiler.model.Datasets;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.DatasetLocation;
import dev.aec.runtime.data.Sha256;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.data.rows.Rows;
import dev.aec.runtime.data.rows.SampleCache;
import dev.aec.runtime.data.source.Samples;
import dev.aec.runtime.data.source.Sources;
import dev.aec.runtime.train.Examples;
import dev.aec.runtime.train.HeldOutSplit;
import dev.aec.runtime.train.Scaling;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The examples a run trains, validates and tests on, read from its train block's sources: a named
 * dataset's splits, the user's files (decoded into memory or a cache file), shares held out of the
 * training source by the run's seed, and the scaling fitted on the training share only. What was
 * read is kept in the run as {@link Facts}, so that a resumed run checks it reads the same data and
 * `aec encode`/`aec score` scale new data exactly as the training data was.
 */
public final class RunData {
    /** Mixed into the seed for the validation share, so it is not drawn like the test share. */
    private static final long VALIDATION_SALT = 0x7a11_da7e_0000_0002L;

    /** How data is found and kept: the cli resolves named datasets (its `--data`) and shows progress. */
    public interface Access {
        /** Where a named dataset's files are (verified, or downloaded into the cache). */
        DatasetLocation locate(String dataset) throws DataException;

        /** The folder holding caches of decoded samples. */
        Path cacheRoot();

        /**
         * How large the cache files may grow together: a new one evicts the least recently used
         * others beyond it.
         *
         * @throws DataException when the user set a size aec cannot read
         */
        default long cacheMaxBytes() throws DataException {
            return SampleCache.DEFAULT_MAX_BYTES;
        }

        /** Told how decoding `what` goes; called on the loading thread. */
        default SampleCache.Progress decoding(String what) {
            return SampleCache.Progress.NONE;
        }

        /**
         * Opens the files a run reads as `role` (`data`, `validation`, `test`): with aec's own
         * readers here; a Spark run reads files on a cluster's file systems through Hadoop's.
         *
         * @throws DataException when they cannot be opened
         */
        default Samples open(String role, FileSource source) throws DataException {
            return Sources.open(source);
        }

        /**
         * Where the samples a run reads as `role` live once decoded: by default in memory or a
         * cache file ({@link Rows#load}); a Spark run keeps its training samples on its executors.
         *
         * @throws DataException when a sample cannot be read or the cache cannot be written
         * @throws InterruptedException when `stop` asked for it while decoding
         */
        default Rows rows(String role, FileSource source, Samples samples, BooleanSupplier stop)
                throws DataException, InterruptedException {
            return Rows.load(samples, cacheRoot(), cacheMaxBytes(), Rows.MEMORY_BUDGET_BYTES,
                    decoding(source.written()), stop);
        }

        /** Fits `kind` on the rows at `indices`: here by default, where the rows live on a cluster. */
        default Scaling fit(Scaling.Kind kind, Rows rows, int[] indices) {
            return Scaling.fit(kind, rows, indices);
        }

        /** Named datasets from one location (tests); file sources cached under `cacheRoot`. */
        static Access of(DatasetLocation location, Path cacheRoot) {
            return new Access() {
                @Override
                public DatasetLocation locate(String dataset) {
                    return location;
                }

                @Override
                public Path cacheRoot() {
                    return cacheRoot;
                }
            };
        }
    }

    /**
     * What a run read, kept as `data.json`: each source with its file and the SHA-256 of its
     * fingerprint (files, sizes, modification times, options), how many samples each share holds,
     * the fitted scaling, the class names, and the images left out by `skip_bad`.
     */
    public record Facts(List<SourceFacts> sources, int trainSamples, Integer validationSamples, Integer testSamples,
                        String scaling, float[] scale, float[] shift, List<String> classes, List<String> skipped) {
        public Facts {
            sources = List.copyOf(sources);
            classes = classes == null ? List.of() : List.copyOf(classes);
            skipped = skipped == null ? List.of() : List.copyOf(skipped);
        }

        /** The fitted scaling these facts hold. */
        public Scaling fittedScaling() throws DataException {
            Optional<Scaling.Kind> kind = Scaling.Kind.parse(scaling == null ? "none" : scaling);
            if (kind.isEmpty()) {
                throw new DataException(RunDirectory.DATA, "names an unknown scaling `" + scaling + "`");
            }
            if (kind.get() == Scaling.Kind.NONE) {
                return Scaling.none();
            }
            if (scale == null || shift == null || scale.length != shift.length || scale.length == 0) {
                throw new DataException(RunDirectory.DATA, "holds a " + scaling + " scaling without its values");
            }
            return new Scaling(kind.get(), scale, shift);
        }

        /** The facts of a run from before they were kept: its data as written, no scaling. */
        public static Facts unscaled(String data) {
            return new Facts(List.of(new SourceFacts("data", data, "", "", 0)), 1, null, null, "none", null, null,
                    List.of(), List.of());
        }

        /** The source the run trained on. */
        public SourceFacts data() {
            return sources.get(0);
        }
    }

    /** One source as read: its role (data, validation, test), as written, its file, its fingerprint's hash. */
    public record SourceFacts(String role, String source, String path, String fingerprint, int samples) {
    }

    /** The examples of a run's shares, and the facts to keep. */
    public record Loaded(Examples train, Optional<Examples> validation, Optional<Examples> test, Facts facts) {
    }

    private RunData() {
    }

    /**
     * Reads `spec`'s data for a model taking `modelInput`. With `saved` (a resumed or trained run)
     * its saved scaling is used rather than fitted again; {@link #requireSame} tells whether the data
     * is what the run read.
     *
     * @param limit train on the first this many samples of the training share
     * @throws DataException for data that cannot be read, does not fit, or changed since `saved`
     * @throws InterruptedException when `stop` asked for it while decoding
     */
    public static Loaded load(TrainSpec spec, Shape modelInput, Optional<Integer> limit, Access access,
                              Optional<Facts> saved, BooleanSupplier stop) throws DataException, InterruptedException {
        int classes = classes(spec);
        Opened data = open("data", spec.data(), modelInput, spec, classes, access, stop);
        List<SourceFacts> facts = new ArrayList<>();
        facts.add(data.facts("data"));
        int count = data.examples.count();
        int[] remaining = identity(count);
        Optional<Examples> test = Optional.empty();
        Optional<Examples> validation = Optional.empty();
        // `validation: mnist` with `data: mnist`: the loss on the very samples trained on, as Keras's
        // validation_data=(x_train, x_train) would give.
        boolean validatesOnTraining = false;
        if (spec.test().isPresent()) {
            if (spec.test().get() instanceof HeldOut share) {
                HeldOutSplit split = HeldOutSplit.of(count, share.share(), spec.seed());
                test = Optional.of(data.examples.subset(split.held()).named(share + " of " + data.name));
                remaining = split.train();
            } else {
                Opened other = open("test", spec.test().get(), modelInput, spec, classes, access, stop);
                facts.add(other.facts("test"));
                test = Optional.of(other.examples);
            }
        }
        if (spec.validation().isPresent()) {
            DataSource source = spec.validation().get();
            if (source instanceof HeldOut share) {
                long wanted = Math.max(1, Math.round(count * share.share()));
                if (wanted >= remaining.length) {
                    throw new DataException(share.toString(), "the source holds " + count + " samples, of which "
                            + remaining.length + " are left to train on: too few to hold out " + wanted + " more");
                }
                HeldOutSplit split = HeldOutSplit.of(remaining.length, (double) wanted / remaining.length,
                        spec.seed() ^ VALIDATION_SALT);
                validation = Optional.of(data.examples.subset(pick(remaining, split.held()))
                        .named(share + " of " + data.name));
                remaining = pick(remaining, split.train());
            } else if (sameSplit(source, spec.data())) {
                validatesOnTraining = true;
            } else if (spec.test().isPresent() && sameSplit(source, spec.test().get())) {
                validation = test;
            } else {
                Opened other = open("validation", source, modelInput, spec, classes, access, stop);
                facts.add(other.facts("validation"));
                validation = Optional.of(other.examples);
            }
        }
        if (limit.isPresent() && limit.get() < remaining.length) {
            remaining = Arrays.copyOf(remaining, limit.get());
        }
        Examples train = remaining.length == count ? data.examples : data.examples.subset(remaining);
        if (validatesOnTraining) {
            validation = Optional.of(train);
        }
        Scaling scaling;
        if (saved.isPresent()) {
            scaling = saved.get().fittedScaling();
        } else {
            scaling = access.fit(scalingKind(spec.data()), data.examples.rows(), train.rowIndices());
        }
        if (!scaling.isNone()) {
            train = train.withScaling(scaling);
            validation = validation.map(v -> v.withScaling(scaling));
            test = test.map(t -> t.withScaling(scaling));
        }
        Facts kept = new Facts(facts, train.count(), validation.map(Examples::count).orElse(null),
                test.map(Examples::count).orElse(null), scaling.kind().keyword(),
                scaling.isNone() ? null : scaling.scale(), scaling.isNone() ? null : scaling.shift(),
                data.classes, data.skipped);
        return new Loaded(train, validation, test, kept);
    }

    /**
     * Another source read as the run's training data was (the same sample shape, scaling and
     * classes), for `aec encode`, `aec score` and the picture commands.
     */
    public static Examples other(FileSource source, Samples samples, Shape modelInput, Facts facts, Access access,
                                 BooleanSupplier stop) throws DataException, InterruptedException {
        requireFits(source.toString(), samples.sampleShape(), modelInput);
        Rows rows = Rows.load(samples, access.cacheRoot(), access.cacheMaxBytes(), Rows.MEMORY_BUDGET_BYTES,
                access.decoding(source.written()), stop);
        // One output per sample: such a source never skips (Sources.infer leaves skip_bad off).
        if (!rows.skipped().isEmpty()) {
            throw new IllegalStateException(source + " skipped " + rows.skipped().size() + " samples");
        }
        Examples examples = new Examples(source.written(), rows, modelInput, Optional.empty());
        Scaling scaling = facts.fittedScaling();
        return scaling.isNone() ? examples : examples.withScaling(scaling);
    }

    /** The number of classes a classifier learns, 0 for an autoencoder. */
    private static int classes(TrainSpec spec) throws DataException {
        if (!spec.loss().classifies()) {
            return 0;
        }
        if (spec.data() instanceof DataRef ref) {
            return Datasets.find(ref.dataset()).map(Datasets.Info::classes).orElse(0);
        }
        return -1;
    }

    /** A source opened: its examples (with one-hot labels for a classifier) and what to record of it. */
    private record Opened(String name, Examples examples, String path, String fingerprint, List<String> classes,
                          List<String> skipped) {
        SourceFacts facts(String role) {
            return new SourceFacts(role, name, path, fingerprint, examples.count());
        }
    }

    private static Opened open(String role, DataSource source, Shape modelInput, TrainSpec spec, int classes,
                               Access access, BooleanSupplier stop) throws DataException, InterruptedException {
        if (source instanceof DataRef ref) {
            Split split = ref.split() == DataRef.Split.TRAIN ? Split.TRAIN : Split.TEST;
            DatasetLocation location = access.locate(ref.dataset());
            Dataset set = Dataset.read(location, split);
            requireFits(ref.toString(), Shape.of(set.shape().height(), set.shape().width(), set.shape().channels()),
                    modelInput);
            Examples examples = Examples.forLoss(set, modelInput, spec.loss(), classes);
            String where = location.file(split.images()).toString();
            return new Opened(ref.toString(), examples, where, "", List.of(), List.of());
        }
        if (!(source instanceof FileSource files)) {
            throw new IllegalArgumentException(role + " cannot be " + source);
        }
        Samples samples = access.open(role, files);
        try {
            requireFits(files.toString(), samples.sampleShape(), modelInput);
            if (samples.count() == 0) {
                throw new DataException(files.written(), "holds no samples");
            }
            Optional<org.nd4j.linalg.api.ndarray.INDArray> labels = Optional.empty();
            if (classes != 0) {
                labels = Optional.of(Examples.oneHot(labels(files, samples), samples.classes().size()));
            }
            Rows rows = access.rows(role, files, samples, stop);
            Examples examples = new Examples(files.toString(), rows, modelInput, labels);
            List<String> skipped = new ArrayList<>(samples.skipped());
            if (!rows.skipped().isEmpty()) {
                for (Rows.Skipped row : rows.skipped()) {
                    skipped.add(samples.name(row.index()) + ": " + row.reason());
                }
                if (rows.skipped().size() == rows.count()) {
                    throw new DataException(files.written(), "none of the " + skipped.size()
                            + " images can be read; the first, " + skipped.get(0));
                }
                examples = examples.subset(kept(rows.count(), rows.skipped()));
            }
            String fingerprint = Sha256.of(samples.fingerprint().getBytes(StandardCharsets.UTF_8));
            return new Opened(files.toString(), examples, where(files), fingerprint, samples.classes(),
                    skipped);
        } finally {
            samples.close();
        }
    }

    /** Where a source's files are, as a user would name them: a path on this machine, else the URI. */
    static String where(FileSource files) {
        return files.local() ? files.path().toString() : files.location().toString();
    }

    /** The indices below `count` that are not `skipped` (in index order), in order. */
    private static int[] kept(int count, List<Rows.Skipped> skipped) {
        int[] kept = new int[count - skipped.size()];
        int next = 0;
        int s = 0;
        for (int i = 0; i < count; i++) {
            if (s < skipped.size() && skipped.get(s).index() == i) {
                s++;
            } else {
                kept[next++] = i;
            }
        }
        return kept;
    }

    private static int[] labels(FileSource source, Samples samples) throws DataException {
        if (samples.classes().isEmpty()) {
            throw DataException.withHelp(source.written(), "has no labels, and a classifier learns labels",
                    "put each class's images in a sub-folder named after it");
        }
        int[] labels = new int[samples.count()];
        for (int i = 0; i < labels.length; i++) {
            int index = i;
            labels[i] = samples.label(i).orElseThrow(() -> new IllegalStateException(
                    "sample " + index + " of a labelled source has no label"));
        }
        return labels;
    }

    private static void requireFits(String source, Shape sample, Shape modelInput) throws DataException {
        if (sample.elements() != modelInput.elements()) {
            throw DataException.withHelp(source, "gives samples of " + sample + ", but the model takes " + modelInput,
                    "declare the model's input as " + sample + ", or read the data at another size");
        }
    }

    private static Scaling.Kind scalingKind(DataSource source) {
        return source instanceof FileSource files && files.scale().isPresent()
                ? Scaling.Kind.of(files.scale().get()) : Scaling.Kind.NONE;
    }

    private static boolean sameSplit(DataSource a, DataSource b) {
        return a instanceof DataRef x && b instanceof DataRef y && x.dataset().equals(y.dataset()) && x.split() == y.split();
    }

    /**
     * Refuses data that changed since `saved` was recorded: a resumed run must read the data it
     * started on, or its position and losses mean nothing.
     */
    public static void requireSame(Facts saved, Facts now) throws DataException {
        for (SourceFacts current : now.sources()) {
            for (SourceFacts before : saved.sources()) {
                if (before.role().equals(current.role()) && !before.fingerprint().isEmpty()
                        && !Objects.equals(before.fingerprint(), current.fingerprint())) {
                    throw DataException.withHelp(current.path(), "changed since the run started (its files, sizes or "
                                    + "modification times differ), so resuming would not carry on the same training",
                            "restore the data as it was, or train a new run on it");
                }
            }
        }
    }

    private static int[] identity(int count) {
        int[] all = new int[count];
        Arrays.setAll(all, i -> i);
        return all;
    }

    private static int[] pick(int[] from, int[] positions) {
        int[] picked = new int[positions.length];
        for (int i = 0; i < positions.length; i++) {
            picked[i] = from[positions[i]];
        }
        return picked;
    }
}
