package dev.aec.runtime.train;

import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.layers.BatchNorm;
import dev.aec.graph.ModelGraph;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.fast.MovingVarianceRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation's moving statistics in a training step through SameDiff: the step computes
 * each layer's batch mean and variance, these are caught as it runs, and the moving statistics move
 * towards them once the step is done, as Keras's layer moves them in its forward pass. The fast
 * executor's kernel moves them itself.
 */
final class MovingStatistics {
    private final CompiledModel model;
    private final List<IrNode> layers;

    private MovingStatistics(CompiledModel model) {
        this.model = model;
        this.layers = model.graph().nodes().stream().filter(n -> n.layer() instanceof BatchNorm).toList();
    }

    static MovingStatistics of(CompiledModel model) {
        return new MovingStatistics(model);
    }

    boolean isEmpty() {
        return layers.isEmpty();
    }

    /** The variables a step must keep: each layer's batch mean and batch variance. */
    List<String> batchVariables() {
        List<String> names = new ArrayList<>();
        for (IrNode node : layers) {
            names.add(node.name() + ModelGraph.BATCH_MEAN);
            names.add(node.name() + ModelGraph.BATCH_VARIANCE);
        }
        return names;
    }

    /** Moves every layer's statistics towards those a step on `batch` samples computed (`values` by variable). */
    void update(Map<String, INDArray> values, long batch) {
        for (IrNode node : layers) {
            long valuesPerChannel = batch * (node.inShape().elements() / node.inShape().channels());
            double correction = MovingVarianceRule.correction(node.inShape().rank() + 1, valuesPerChannel);
            ModelGraph.updateMovingStatistics(model.sameDiff(), node.name(),
                    values.get(node.name() + ModelGraph.BATCH_MEAN), values.get(node.name() + ModelGraph.BATCH_VARIANCE),
                    correction);
        }
    }
}
