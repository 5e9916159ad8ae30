package dev.aec.compiler.resolve;

import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.model.Datasets;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The limits on a train block's numbers, in one place: a `train` block's settings and the `aec
 * train` flags that override them are checked by these rules, and say what is wrong in the same
 * words (`epochs` must be between 1 and 1000000, found 0; --epochs must be between ...).
 */
public final class TrainLimits {
    /** Samples per step. */
    public static final Range BATCH = new Range(1, 1_000_000);
    /** Passes over the training data. */
    public static final Range EPOCHS = new Range(1, 1_000_000);
    /** Seed of weight initialisation, shuffling and noise. */
    public static final Range SEED = new Range(0, Integer.MAX_VALUE);
    /** Training samples kept (`aec train --limit`). */
    public static final Range SAMPLES = new Range(1, Integer.MAX_VALUE);

    private TrainLimits() {
    }

    /** Whole numbers from `min` to `max`, both included. */
    public record Range(long min, long max) {
        /**
         * What is wrong with `value`, to follow the setting's name: "must be between 1 and 1000000,
         * found 0" (or "must be at least 0" when the top is only the largest int).
         */
        public Optional<String> problem(long value) {
            if (value >= min && value <= max) {
                return Optional.empty();
            }
            String rule = max < Integer.MAX_VALUE ? "must be between " + min + " and " + max
                    : value < min ? "must be at least " + min : "must be at most " + max;
            return Optional.of(rule + ", found " + value);
        }
    }

    /**
     * Samples in `data`: a named dataset's split as aec knows it, the user's files when a probe
     * counted them (`probed`), else empty.
     */
    public static Optional<Integer> samples(DataSource data, OptionalInt probed) {
        return data.accept(new DataSource.Visitor<Optional<Integer>>() {
            @Override
            public Optional<Integer> dataset(DataRef ref) {
                return Datasets.find(ref.dataset())
                        .map(d -> ref.split() == DataRef.Split.TRAIN ? d.trainCount() : d.testCount());
            }

            @Override
            public Optional<Integer> files(DataSource.FileSource source) {
                return probed.isPresent() ? Optional.of(probed.getAsInt()) : Optional.empty();
            }

            @Override
            public Optional<Integer> heldOut(DataSource.HeldOut share) {
                return Optional.empty();
            }
        });
    }

    /** Samples in a named dataset's split; empty for the user's files. */
    public static Optional<Integer> samples(DataSource data) {
        return samples(data, OptionalInt.empty());
    }

    /**
     * A batch larger than the source it is drawn from, to follow the setting's name: "of 100000 is
     * larger than mnist.train (60000 samples)". The user's files are compared with `probed`, the
     * count a probe found, when there is one.
     */
    public static Optional<String> batchProblem(long batch, DataSource data, OptionalInt probed) {
        return samples(data, probed).filter(available -> batch > available)
                .map(available -> "of " + batch + " is larger than " + data + " (" + available
                        + (available == 1 ? " sample)" : " samples)"));
    }

    /** As {@link #batchProblem(long, DataSource, OptionalInt)} for a named dataset; files are not counted. */
    public static Optional<String> batchProblem(long batch, DataSource data) {
        return batchProblem(batch, data, OptionalInt.empty());
    }
}
