package dev.aec.graph;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The scalar loss of a graph, with what a training loop that computes the loss outside the graph
 * needs: the variable the loss reads ({@code input}: the logits when the loss folds the output's
 * sigmoid or softmax into itself, else the output) and the factor on the per-element mean of the
 * reconstruction loss ({@code scale}: 1, or the elements of a sample for {@link Reduction#SUM}).
 */
public record TrainingLoss(SDVariable value, SDVariable input, boolean fromLogits, double scale) {
}
