package dev.aec.compiler.model;

import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.source.Span;
import java.util.Optional;

/**
 * A resolved `train` block with every setting filled in. The targets are the inputs themselves
 * (an autoencoder), or the dataset's labels when the loss classifies; `noise`, when present, is
 * added to the inputs only.
 */
public record TrainSpec(String model, Span modelSpan, Span span, DataRef data, Loss loss, Span lossSpan,
                        Reduction reduction,
                        Optimizer optimizer, int batch, int epochs, boolean shuffle,
                        Optional<DataRef> validation, long seed, Optional<Noise> noise) {
    public static final int DEFAULT_BATCH = 32;
    public static final int DEFAULT_EPOCHS = 1;
    public static final long DEFAULT_SEED = 42;
}
