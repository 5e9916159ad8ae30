package dev.aec.runtime.fast;

import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.model.Layer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fast executor's lowering of every layer kind, by record class: the one place a new kind's
 * {@link FastLayer} is added. {@code FastLayersTest} holds it to the compiler's list of kinds.
 */
final class FastLayers {
    private static final Map<Class<? extends Layer>, FastLayer<?>> BY_TYPE = index(List.of(
            new DenseFast(),
            new Conv2dFast(),
            new Conv2dTransposeFast(),
            new MaxPoolFast(),
            new UpsampleFast(),
            ViewFast.FLATTEN,
            ViewFast.RESHAPE,
            new ActivateFast(),
            new GaussianFast(),
            new BatchNormFast(),
            new DropoutFast(),
            new GaussianNoiseFast(),
            new AddFast(),
            new ConcatFast()));

    private FastLayers() {
    }

    private static Map<Class<? extends Layer>, FastLayer<?>> index(List<FastLayer<?>> lowerings) {
        Map<Class<? extends Layer>, FastLayer<?>> map = new LinkedHashMap<>();
        for (FastLayer<?> lowering : lowerings) {
            if (map.put(lowering.type(), lowering) != null) {
                throw new IllegalStateException("two fast lowerings of " + lowering.type().getSimpleName());
            }
        }
        return map;
    }

    /** The layer classes that have a fast lowering. */
    static Set<Class<? extends Layer>> types() {
        return BY_TYPE.keySet();
    }

    /** Why `node` cannot run in the fast executor, as far as its own kind goes; empty when it can. */
    static Optional<String> unsupported(IrNode node) {
        FastLayer<?> lowering = BY_TYPE.get(node.layer().getClass());
        return lowering == null ? Optional.of("no fast kernel for " + node.layer().kind())
                : unsupported(lowering, node);
    }

    /** Whether the layer's output is a view of its input; false for a kind without a lowering, which never runs. */
    static boolean isView(Layer layer) {
        FastLayer<?> lowering = BY_TYPE.get(layer.getClass());
        return lowering != null && lowering.isView();
    }

    /** Adds the node's ops to the plan through its kind's lowering. */
    static void bind(IrNode node, NodeBinding b) {
        bind(lowering(node.layer()), node, b);
    }

    private static FastLayer<?> lowering(Layer layer) {
        FastLayer<?> lowering = BY_TYPE.get(layer.getClass());
        if (lowering == null) {
            throw new IllegalStateException("no fast kernel for " + layer.kind());
        }
        return lowering;
    }

    private static <L extends Layer> Optional<String> unsupported(FastLayer<L> lowering, IrNode node) {
        return lowering.unsupported(lowering.type().cast(node.layer()), node);
    }

    private static <L extends Layer> void bind(FastLayer<L> lowering, IrNode node, NodeBinding b) {
        lowering.bind(lowering.type().cast(node.layer()), b);
    }
}
