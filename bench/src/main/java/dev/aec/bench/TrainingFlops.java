package dev.aec.bench;

import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.IrNode;

/**
 * Floating-point operations of one training step per sample: the forward products and
 * convolutions (two operations per multiply-add) times three, for the forward pass and the two
 * gradient products. Each layer kind counts its own ({@code Layer.multiplyAdds}).
 */
final class TrainingFlops {
    private TrainingFlops() {
    }

    static double perSample(Graph graph) {
        double forward = 0;
        for (IrNode node : graph.nodes()) {
            // A merge multiplies nothing.
            forward += node.inputs().size() == 1 ? 2.0 * node.layer().multiplyAdds(node.inShape(), node.outShape()) : 0;
        }
        return 3 * forward;
    }
}
