package dev.aec.bench;

import dev.aec.compiler.layers.Conv2d;
import dev.aec.compiler.layers.Dense;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.model.Layer;

/**
 * Floating-point operations of one training step per sample: the forward products and
 * convolutions (two operations per multiply-add) times three, for the forward pass and the two
 * gradient products. Elementwise work is left out, as in the usual GFLOP/s figures.
 */
final class TrainingFlops {
    private TrainingFlops() {
    }

    static double perSample(Graph graph) {
        double forward = 0;
        for (IrNode node : graph.nodes()) {
            Layer layer = node.layer();
            if (layer instanceof Dense d) {
                forward += 2.0 * node.inShape().elements() * d.units();
            } else if (layer instanceof Conv2d c) {
                long outPositions = (long) node.outShape().dim(0) * node.outShape().dim(1);
                forward += 2.0 * outPositions * c.kernel().rows() * c.kernel().cols() * node.inShape().dim(2)
                        * c.filters();
            }
        }
        return 3 * forward;
    }
}
