package dev.aec.compiler.resolve;

import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.model.Datasets;
import java.util.Optional;

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

    /** Samples in the split `data` names, when aec knows the dataset. */
    public static Optional<Integer> samples(DataRef data) {
        return Datasets.find(data.dataset())
                .map(d -> data.split() == DataRef.Split.TRAIN ? d.trainCount() : d.testCount());
    }

    /**
     * A batch larger than the split it is drawn from, to follow the setting's name: "of 100000 is
     * larger than mnist.train (60000 samples)".
     */
    public static Optional<String> batchProblem(long batch, DataRef data) {
        return samples(data).filter(available -> batch > available)
                .map(available -> "of " + batch + " is larger than " + data + " (" + available + " samples)");
    }
}
