package dev.aec.runtime.backend;

import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.model.Loss;
import dev.aec.graph.ModelGraph;
import java.util.List;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A model lowered to one SameDiff graph: placeholders `input` and `target`, the inference output
 * `output`, the scalar `loss`, and the trainable variables in the graph's parameter order.
 * `lossInput` is the variable the loss reads (the logits for binary cross-entropy on a sigmoid or
 * categorical cross-entropy on a softmax, else the output), for training paths that must compute
 * the loss beside the graph; the reconstruction loss is its per-element mean times `lossScale` (1,
 * or the elements of a sample for `reduction: sum`). `target` is the input itself for an
 * autoencoder, the one-hot label for a classifier; `loss` is the loss the graph computes. A model
 * with a gaussian layer has a `latent`; `penalties` names the scalar activity penalties the loss adds
 * (see {@link ModelGraph#penaltyNames}). `nonTrainableNames` are the graph's constants that training
 * updates by their own rule (batch normalisation's moving statistics): saved and restored with the
 * weights, trained by no optimizer.
 */
public record CompiledModel(SameDiff sameDiff, Graph graph, List<String> paramNames, List<String> nonTrainableNames,
                            Loss loss, String lossInput, boolean lossFromLogits, double lossScale,
                            Optional<Latent> latent, List<String> penalties) {
    // The graph library names them.
    public static final String INPUT = ModelGraph.INPUT;
    public static final String TARGET = ModelGraph.TARGET;
    public static final String OUTPUT = ModelGraph.OUTPUT;
    public static final String LOSS = ModelGraph.LOSS;
    /** The gaussian layer's eps ~ N(0, 1), [batch, units]: drawn by the trainer, zeros for inference. */
    public static final String NOISE = ModelGraph.NOISE;
    /** With a gaussian layer: the reconstruction part of the loss, and the KL divergence per sample (nats). */
    public static final String RECONSTRUCTION = ModelGraph.RECONSTRUCTION;
    public static final String KL = ModelGraph.KL;

    public CompiledModel {
        paramNames = List.copyOf(paramNames);
        penalties = List.copyOf(penalties);
        nonTrainableNames = List.copyOf(nonTrainableNames);
    }

    /**
     * The gaussian layer: its noise placeholder and width, the variables holding the mean and the
     * log-variance, and the KL weight. loss = reconstruction + beta * kl.
     */
    public record Latent(String noise, int units, String mean, String logVar, double beta) {
    }

    /** The same model over another SameDiff instance (a saved graph with its training state). */
    public CompiledModel withSameDiff(SameDiff other) {
        return new CompiledModel(other, graph, paramNames, nonTrainableNames, loss, lossInput, lossFromLogits,
                lossScale, latent, penalties);
    }
}
