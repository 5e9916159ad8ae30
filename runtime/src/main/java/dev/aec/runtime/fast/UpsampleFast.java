package dev.aec.runtime.fast;

import dev.aec.compiler.layers.Upsample;

/**
 * Nearest-neighbour upsampling ({@link UpsampleKernel}), where the plan does not fold it into the
 * convolution that reads it.
 */
final class UpsampleFast implements FastLayer<Upsample> {
    @Override
    public Class<Upsample> type() {
        return Upsample.class;
    }

    @Override
    public void bind(Upsample layer, NodeBinding b) {
        b.kernel(new UpsampleKernel(layer, b.in(), b.value(), b.gradient().orElse(null), b.gradIn().orElse(null)));
    }
}
