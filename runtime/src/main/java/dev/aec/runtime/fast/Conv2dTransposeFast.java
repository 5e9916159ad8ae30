package dev.aec.runtime.fast;

import dev.aec.compiler.layers.Conv2dTranspose;
import java.util.Optional;

/**
 * Conv2dTranspose ({@link TransposedConvKernel}: oneDNN in float, as one stride-1 convolution into
 * the output's phases where it can; plain loops in double), with Keras's output padding, then the
 * activation in place.
 */
final class Conv2dTransposeFast implements FastLayer<Conv2dTranspose> {
    @Override
    public Class<Conv2dTranspose> type() {
        return Conv2dTranspose.class;
    }

    @Override
    public void bind(Conv2dTranspose layer, NodeBinding b) {
        long[] strides = {layer.stride().rows(), layer.stride().cols()};
        Optional<long[]> extra = layer.outputPadding().map(p -> new long[] {p.rows(), p.cols()});
        b.kernel(TransposedConvKernel.of(b.in(), b.param("kernel"), b.bias(), b.preActivation(), strides,
                layer.padding(), extra, b.gradient().orElseThrow(), b.paramGradient("kernel"), b.biasGradient(), b.gradIn()));
        b.activation(layer.activation());
    }
}
