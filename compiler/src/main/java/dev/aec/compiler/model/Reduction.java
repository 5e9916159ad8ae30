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
}
