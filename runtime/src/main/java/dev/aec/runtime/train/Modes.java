package dev.aec.runtime.train;

import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.types.Shape;
import dev.aec.graph.ModelGraph;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.fast.StepDraws;
import java.util.List;
import java.util.function.Supplier;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training and inference modes. Layers that compute something else while training (`dropout`,
 * `gaussian_noise`; the compiler's `Layer.differsInTraining`) read the graph's `training` flag, a
 * scalar constant that is 0 as built and saved: evaluation, reconstruction, encoding, the latent
 * commands and generated classes run inference without knowing of modes. A training step through
 * SameDiff sets it to 1 for that step alone and sets each such layer's draws (a constant, a scalar
 * 0 otherwise) from the run's seed, epoch and batch, so the step's masks and noise repeat exactly
 * when a run is resumed; the fast executor's training steps compute the same draws ({@link StepDraws}),
 * so the two agree value for value, and its inference passes leave dropout and noise out as the graph
 * does with its flag at 0. The gaussian layer reads the flag too, and its noise from its own
 * placeholder (drawn by {@link LatentNoise} while training, zeros elsewhere, unread at inference):
 * the generated classes and saved runs name it.
 */
public final class Modes {
    private Modes() {
    }

    /** The seed of the draws of batch `batch` of epoch `epoch`. */
    public static long drawSeed(long seed, int epoch, int batch) {
        return ((seed * 1_000_003L + epoch) * 1_000_033L + batch) ^ 0x2545F4914F6CDD1DL;
    }

    /**
     * Runs `work` on the model's graph in training mode for a batch of `batch` samples: the flag
     * on, each layer's draws set from `drawSeed`; then back to inference.
     */
    public static <T> T training(CompiledModel model, long drawSeed, int batch, Supplier<T> work) {
        SameDiff sd = model.sameDiff();
        if (!model.graph().differsInTraining() || !ModelGraph.hasTrainingMode(sd)) {
            // A graph saved before its gaussian layer read the flag samples whatever noise it is fed.
            return work.get();
        }
        List<IrNode> drawing = model.graph().nodes().stream()
                .filter(n -> n.layer().trainingDraws().isPresent()).toList();
        for (IrNode node : drawing) {
            Shape in = node.inShape();
            double[] values = StepDraws.values(drawSeed, node.id(), node.layer().trainingDraws().orElseThrow(),
                    Math.toIntExact(batch * in.elements()));
            ModelGraph.setDraws(sd, node.name(), Nd4j.create(values, in.withBatch(batch), 'c'));
        }
        ModelGraph.setTraining(sd, true);
        try {
            return work.get();
        } finally {
            ModelGraph.setTraining(sd, false);
            drawing.forEach(node -> ModelGraph.clearDraws(sd, node.name()));
        }
    }

    /** As {@link #training(CompiledModel, long, int, Supplier)}, for work without a result. */
    public static void training(CompiledModel model, long drawSeed, int batch, Runnable work) {
        training(model, drawSeed, batch, () -> {
            work.run();
            return null;
        });
    }
}
