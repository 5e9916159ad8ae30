package dev.aec.runtime.backend;

import dev.aec.compiler.ir.Graph;
import java.util.List;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A model lowered to one SameDiff graph: placeholders `input` and `target`, the inference output
 * `output`, the scalar `loss`, and the trainable variables in the graph's parameter order.
 * `lossInput` is the variable the loss reads (the logits for binary cross-entropy on a sigmoid or
 * categorical cross-entropy on a softmax, else the output), for training paths that must compute
 * the loss beside the graph. `target` is the input itself for an autoencoder, the one-hot label for
 * a classifier.
 */
public record CompiledModel(SameDiff sameDiff, Graph graph, List<String> paramNames, String lossInput,
                            boolean lossFromLogits) {
    public static final String INPUT = "input";
    public static final String TARGET = "target";
    public static final String OUTPUT = "output";
    public static final String LOSS = "loss";

    public CompiledModel {
        paramNames = List.copyOf(paramNames);
    }
}
