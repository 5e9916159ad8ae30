package dev.aec.compiler.model;

import java.util.Locale;

/**
 * How a reconstruction loss is reduced over a sample's elements. `mean` is Keras's default (the
 * per-pixel mean); `sum` adds a sample's elements up, as Keras's VAE examples do, so the loss is a
 * negative log-likelihood per image in nats that a KL term in nats can be added to. Both take the
 * mean over the batch.
 */
public enum Reduction {
    MEAN,
    SUM;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How a sample's elements are combined, in one line for the reference and the editor. */
    public String summary() {
        return switch (this) {
            case MEAN -> "the mean over each sample's elements (Keras's default)";
            case SUM -> "the sum over each sample's elements, then the mean over the batch: per image, for "
                    + "binary cross-entropy a negative log-likelihood in nats, as Keras's VAE examples; a KL term can be "
                    + "added to it";
        };
    }
}
