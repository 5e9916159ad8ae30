package dev.aec.runtime.fast;

import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.layers.Dense;
import java.util.Optional;

/** Dense: one matrix product each way ({@link DenseKernel}), then the activation in place. */
final class DenseFast implements FastLayer<Dense> {
    @Override
    public Class<Dense> type() {
        return Dense.class;
    }

    @Override
    public Optional<String> unsupported(Dense layer, IrNode node) {
        return vectorsOnly(node);
    }

    @Override
    public void bind(Dense layer, NodeBinding b) {
        b.kernel(new DenseKernel(b.in(), b.preActivation(), b.param("kernel"), b.bias(), b.gradient().orElseThrow(),
                b.paramGradient("kernel"), b.biasGradient(), b.gradIn()));
        b.activation(layer.activation());
        if (layer.activityL1() > 0) {
            b.activityL1(layer.activityL1());
        }
    }

    /** The products here are of [batch, n] matrices; the language only gives dense layers vectors. */
    static Optional<String> vectorsOnly(IrNode node) {
        return node.inShape().rank() == 1 ? Optional.empty()
                : Optional.of(node.name() + " reads a " + node.inShape() + " value");
    }
}
