package dev.aec.runtime.fast;

import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.model.Layer;
import java.util.Optional;

/**
 * How the fast executor runs one layer kind: whether it can run a given node, and the kernels it
 * binds into a step plan. One implementation per kind, all registered in {@link FastLayers}; what
 * spans two layers (an upsampling folded into the convolution after it, a relu's gradient taken
 * after max pooling, an output whose loss reads the logits) is the plan's, not a kind's.
 */
interface FastLayer<L extends Layer> {
    /** The compiler's record for the kind. */
    Class<L> type();

    /** Why this kind cannot run `node` here (a dense layer on a non-vector), or empty when it can. */
    default Optional<String> unsupported(L layer, IrNode node) {
        return Optional.empty();
    }

    /**
     * Whether the output is the input reshaped (flatten, reshape): it costs nothing either way, and
     * its gradient is its input's gradient buffer, reshaped.
     */
    default boolean isView() {
        return false;
    }

    /** Adds the node's forward and backward ops, on the arrays the plan allocated, to the plan. */
    void bind(L layer, NodeBinding b);
}
