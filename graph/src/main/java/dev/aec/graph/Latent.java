package dev.aec.graph;

/**
 * The gaussian latent layer of a graph: its noise placeholder and width, the variables holding the
 * mean and the log-variance, and {@code beta}, the weight of its KL term in the loss.
 */
public record Latent(String noise, int units, String mean, String logVar, double beta) {
}
