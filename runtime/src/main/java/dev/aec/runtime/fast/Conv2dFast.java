package dev.aec.runtime.fast;

import dev.aec.compiler.layers.Conv2d;

/**
 * Conv2d ({@link ConvKernel}: oneDNN in float, libnd4j in double), then the activation in place.
 * A convolution that reads an upsampling the plan folds into it runs {@link UpsampledConvKernel}
 * instead; the plan binds that one.
 */
final class Conv2dFast implements FastLayer<Conv2d> {
    @Override
    public Class<Conv2d> type() {
        return Conv2d.class;
    }

    @Override
    public void bind(Conv2d layer, NodeBinding b) {
        b.kernel(ConvKernel.of(layer, b.in(), b.preActivation(), b.param("kernel"), b.bias(),
                b.gradient().orElseThrow(), b.paramGradient("kernel"), b.biasGradient(), b.gradIn()));
        b.activation(layer.activation());
    }
}
