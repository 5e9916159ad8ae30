package dev.aec.graph;

/**
 * How a loss is reduced over the elements of a sample: {@code MEAN} is Keras's default (the
 * per-element mean), {@code SUM} adds a sample's elements up (Keras's VAE examples). Both then take
 * the mean over the batch.
 */
public enum Reduction {
    MEAN,
    SUM
}
