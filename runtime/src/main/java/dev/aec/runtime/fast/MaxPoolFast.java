package dev.aec.runtime.fast;

import dev.aec.compiler.layers.MaxPool;

/** Max pooling ({@link PoolKernel}); without a parameter before it, it has no backward op. */
final class MaxPoolFast implements FastLayer<MaxPool> {
    @Override
    public Class<MaxPool> type() {
        return MaxPool.class;
    }

    @Override
    public void bind(MaxPool layer, NodeBinding b) {
        b.kernel(new PoolKernel(layer, b.in(), b.value(), b.gradient().orElse(null), b.gradIn().orElse(null)));
    }
}
