package dev.aec.runtime.train;

import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.Nd4jEnvironment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The loss of a model on a whole set of examples, the mean over every sample. A gaussian layer
 * gives its mean here (zero noise), as at inference, and the loss has two parts.
 */
public final class Evaluator {
    static final int BATCH = 1000;

    /** A loss with, for a model with a gaussian layer, its reconstruction and KL parts. */
    public record Evaluation(double loss, Optional<Parts> parts) {
    }

    /** loss = reconstruction + beta * kl; both per sample, the KL in nats. */
    public record Parts(double reconstruction, double kl) {
    }

    private Evaluator() {
    }

    public static double meanLoss(CompiledModel model, Examples examples) {
        return evaluate(model, examples).loss();
    }

    public static Evaluation evaluate(CompiledModel model, Examples examples) {
        boolean parts = model.latent().isPresent();
        double loss = 0;
        double reconstruction = 0;
        double kl = 0;
        int count = examples.count();
        for (int from = 0; from < count; from += BATCH) {
            int to = Math.min(count, from + BATCH);
            INDArray x = examples.range(from, to);
            Map<String, INDArray> out = batchOutputs(model, x, parts
                    ? List.of(CompiledModel.LOSS, CompiledModel.RECONSTRUCTION, CompiledModel.KL)
                    : List.of(CompiledModel.LOSS));
            loss += out.get(CompiledModel.LOSS).getDouble(0) * (to - from);
            if (parts) {
                reconstruction += out.get(CompiledModel.RECONSTRUCTION).getDouble(0) * (to - from);
                kl += out.get(CompiledModel.KL).getDouble(0) * (to - from);
            }
        }
        return new Evaluation(loss / count, parts ? Optional.of(new Parts(reconstruction / count, kl / count))
                : Optional.empty());
    }

    static double batchLoss(CompiledModel model, INDArray x) {
        return batchOutputs(model, x, List.of(CompiledModel.LOSS)).get(CompiledModel.LOSS).getDouble(0);
    }

    private static Map<String, INDArray> batchOutputs(CompiledModel model, INDArray x, List<String> outputs) {
        Map<String, INDArray> feed = feed(model, x);
        feed.put(CompiledModel.TARGET, x);
        return Nd4jEnvironment.silently(() -> model.sameDiff().output(feed, outputs));
    }

    /** The model's reconstructions of `x`. */
    public static INDArray reconstruct(CompiledModel model, INDArray x) {
        return Nd4jEnvironment.silently(() -> model.sameDiff().output(feed(model, x), CompiledModel.OUTPUT))
                .get(CompiledModel.OUTPUT);
    }

    /** The input, and zero noise for a gaussian layer. */
    private static Map<String, INDArray> feed(CompiledModel model, INDArray x) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(CompiledModel.INPUT, x);
        LatentNoise.zeros(model, (int) x.size(0), x.dataType()).ifPresent(n -> feed.put(CompiledModel.NOISE, n));
        return feed;
    }
}
