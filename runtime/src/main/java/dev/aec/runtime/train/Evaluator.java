package dev.aec.runtime.train;

import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.Nd4jEnvironment;
import java.util.Map;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model measured on a whole set of examples: the loss's mean over every sample, and for a
 * classifier the share of samples whose most probable class is the label. With noise, the inputs
 * are the noisy samples of {@link InputNoise#forEvaluation} and the targets stay clean.
 */
public final class Evaluator {
    static final int BATCH = 1000;

    /** The mean loss, and the accuracy when the examples are labelled. */
    public record Evaluation(double loss, OptionalDouble accuracy) {
    }

    private Evaluator() {
    }

    public static double meanLoss(CompiledModel model, Examples examples) {
        return evaluate(model, examples, InputNoise.none()).loss();
    }

    public static Evaluation evaluate(CompiledModel model, Examples examples, InputNoise noise) {
        double weighted = 0;
        long correct = 0;
        int count = examples.count();
        for (int from = 0; from < count; from += BATCH) {
            int to = Math.min(count, from + BATCH);
            int first = from;
            int[] indices = Examples.indices(from, to);
            INDArray clean = examples.batch(indices);
            INDArray target = examples.targets(indices, clean);
            Map<String, INDArray> out = Nd4jEnvironment.silently(() -> model.sameDiff().output(
                    Map.of(CompiledModel.INPUT, noise.forEvaluation(clean, first), CompiledModel.TARGET, target),
                    CompiledModel.LOSS, CompiledModel.OUTPUT));
            weighted += out.get(CompiledModel.LOSS).getDouble(0) * (to - from);
            if (examples.labels().isPresent()) {
                correct += out.get(CompiledModel.OUTPUT).argMax(1).eq(target.argMax(1)).castTo(DataType.INT)
                        .sumNumber().longValue();
            }
        }
        return new Evaluation(weighted / count, examples.labels().isPresent()
                ? OptionalDouble.of((double) correct / count) : OptionalDouble.empty());
    }

    /** The model's outputs for `x`: reconstructions, or class probabilities for a classifier. */
    public static INDArray reconstruct(CompiledModel model, INDArray x) {
        return Nd4jEnvironment.silently(() -> model.sameDiff().output(
                Map.of(CompiledModel.INPUT, x), CompiledModel.OUTPUT)).get(CompiledModel.OUTPUT);
    }
}
