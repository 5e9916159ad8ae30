package dev.aec.compiler.model;

import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.source.Span;
import java.util.Optional;

/**
 * A resolved `train` block with every setting filled in. The targets are the inputs themselves
 * (an autoencoder), or the data's labels when the loss classifies; `noise`, when present, is
 * added to the inputs only.
 *
 * @param data what is trained on: a dataset or the user's files, never a held-out share
 * @param batchSpan where `batch:` was written; empty when it is the default or a command-line override
 * @param validation measured after each epoch, when set
 * @param test measured once after training: by default the named dataset's test split; empty for
 *             the user's files unless `test:` names some (no test loss then)
 */
public record TrainSpec(String model, Span modelSpan, Span span, DataSource data, Loss loss, Span lossSpan,
                        Reduction reduction, Optimizer optimizer, int batch, Optional<Span> batchSpan, int epochs,
                        boolean shuffle, Optional<DataSource> validation, Optional<DataSource> test, long seed,
                        Optional<Noise> noise) {
    public static final int DEFAULT_BATCH = 32;
    public static final int DEFAULT_EPOCHS = 1;
    public static final long DEFAULT_SEED = 42;

    public TrainSpec {
        if (data instanceof DataSource.HeldOut) {
            throw new IllegalArgumentException("a held-out share is not training data: " + data);
        }
    }

    /** The same block trained with `batch`, `epochs` and `seed` instead (the `aec train` flags). */
    public TrainSpec with(int batch, int epochs, long seed) {
        return new TrainSpec(model, modelSpan, span, data, loss, lossSpan, reduction, optimizer, batch,
                batch == this.batch ? batchSpan : Optional.empty(), epochs, shuffle, validation, test, seed, noise);
    }
}
