package dev.aec.runtime.fast;

import dev.aec.compiler.layers.Flatten;
import dev.aec.compiler.layers.Reshape;
import dev.aec.compiler.model.Layer;

/**
 * Flatten and reshape: the output is a view of the input in another shape, and its gradient a view
 * of the input's gradient, so they run no op in either direction.
 */
final class ViewFast<L extends Layer> implements FastLayer<L> {
    static final ViewFast<Flatten> FLATTEN = new ViewFast<>(Flatten.class);
    static final ViewFast<Reshape> RESHAPE = new ViewFast<>(Reshape.class);

    private final Class<L> type;

    private ViewFast(Class<L> type) {
        this.type = type;
    }

    @Override
    public Class<L> type() {
        return type;
    }

    @Override
    public boolean isView() {
        return true;
    }

    @Override
    public void bind(L layer, NodeBinding b) {
    }
}
