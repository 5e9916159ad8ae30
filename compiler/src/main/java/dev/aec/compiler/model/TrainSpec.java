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
 * @param earlyStop when to stop before `epochs`, on the validation loss (the training loss without validation)
 * @param schedule how the learning rate changes; empty for the optimizer's constant rate
 * @param retention which checkpoints the run keeps besides the latest
 */
public record TrainSpec(String model, Span modelSpan, Span span, DataSource data, Loss loss, Span lossSpan,
                        Reduction reduction, Optimizer optimizer, int batch, Optional<Span> batchSpan, int epochs,
                        boolean shuffle, Optional<DataSource> validation, Optional<DataSource> test, long seed,
                        Optional<Noise> noise, Optional<EarlyStop> earlyStop, Optional<Schedule> schedule,
                        Retention retention) {
    public static final int DEFAULT_BATCH = 32;
    public static final int DEFAULT_EPOCHS = 1;
    public static final long DEFAULT_SEED = 42;

    public TrainSpec {
        if (data instanceof DataSource.HeldOut) {
            throw new IllegalArgumentException("a held-out share is not training data: " + data);
        }
    }

    /** A block without early stopping or a schedule, keeping its latest checkpoint only. */
    public TrainSpec(String model, Span modelSpan, Span span, DataSource data, Loss loss, Span lossSpan,
                     Reduction reduction, Optimizer optimizer, int batch, Optional<Span> batchSpan, int epochs,
                     boolean shuffle, Optional<DataSource> validation, Optional<DataSource> test, long seed,
                     Optional<Noise> noise) {
        this(model, modelSpan, span, data, loss, lossSpan, reduction, optimizer, batch, batchSpan, epochs, shuffle,
                validation, test, seed, noise, Optional.empty(), Optional.empty(), Retention.last(span));
    }

    /**
     * True when the run keeps the weights of its best epoch: asked for with `checkpoint: best`, and
     * needed by `early_stop` to restore them.
     */
    public boolean keepsBest() {
        return retention.kind() == Retention.Kind.BEST || earlyStop.map(EarlyStop::restoreBest).orElse(false);
    }

    /** The same block trained with `batch`, `epochs` and `seed` instead (the `aec train` flags). */
    public TrainSpec with(int batch, int epochs, long seed) {
        return new TrainSpec(model, modelSpan, span, data, loss, lossSpan, reduction, optimizer, batch,
                batch == this.batch ? batchSpan : Optional.empty(), epochs, shuffle, validation, test, seed, noise,
                earlyStop, schedule, retention);
    }

    /** The same block as a run recorded it: its batch, epochs, shuffling and seed, which flags may have changed. */
    public TrainSpec with(int batch, int epochs, boolean shuffle, long seed) {
        return new TrainSpec(model, modelSpan, span, data, loss, lossSpan, reduction, optimizer, batch, Optional.empty(),
                epochs, shuffle, validation, test, seed, noise, earlyStop, schedule, retention);
    }
}
