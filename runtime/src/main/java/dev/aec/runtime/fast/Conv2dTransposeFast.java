package dev.aec.runtime.fast;

import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.layers.Conv2dTranspose;
import java.util.Optional;

/**
 * Conv2dTranspose ({@link TransposedConvKernel}: oneDNN in float, as one stride-1 convolution into
 * the output's phases where it can; plain loops in double), then the activation in place.
 */
final class Conv2dTransposeFast implements FastLayer<Conv2dTranspose> {
    @Override
    public Class<Conv2dTranspose> type() {
        return Conv2dTranspose.class;
    }

    /**
     * An output padding shifts and cuts the output window (see the graph library's conv2dTranspose):
     * the kernels here compute `same` and `valid` windows only, so such a layer trains in SameDiff.
     */
    @Override
    public Optional<String> unsupported(Conv2dTranspose layer, IrNode node) {
        return layer.outputPadding().map(p -> node.name() + ": conv2d_transpose with an output padding");
    }

    @Override
    public void bind(Conv2dTranspose layer, NodeBinding b) {
        long[] strides = {layer.stride().rows(), layer.stride().cols()};
        b.kernel(TransposedConvKernel.of(b.in(), b.param("kernel"), b.bias(), b.preActivation(), strides,
                layer.padding(), b.gradient().orElseThrow(), b.paramGradient("kernel"), b.biasGradient(), b.gradIn()));
        b.activation(layer.activation());
    }
}
