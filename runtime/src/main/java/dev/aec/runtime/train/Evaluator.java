package dev.aec.runtime.train;

import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.Nd4jEnvironment;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The loss of a model on a whole set of examples: the per-element mean over every sample. */
public final class Evaluator {
    static final int BATCH = 1000;

    private Evaluator() {
    }

    public static double meanLoss(CompiledModel model, Examples examples) {
        double weighted = 0;
        int count = examples.count();
        for (int from = 0; from < count; from += BATCH) {
            int to = Math.min(count, from + BATCH);
            INDArray x = examples.range(from, to);
            weighted += batchLoss(model, x) * (to - from);
        }
        return weighted / count;
    }

    static double batchLoss(CompiledModel model, INDArray x) {
        Map<String, INDArray> out = Nd4jEnvironment.silently(() -> model.sameDiff().output(
                Map.of(CompiledModel.INPUT, x, CompiledModel.TARGET, x), CompiledModel.LOSS));
        return out.get(CompiledModel.LOSS).getDouble(0);
    }

    /** The model's reconstructions of `x`. */
    public static INDArray reconstruct(CompiledModel model, INDArray x) {
        return Nd4jEnvironment.silently(() -> model.sameDiff().output(
                Map.of(CompiledModel.INPUT, x), CompiledModel.OUTPUT)).get(CompiledModel.OUTPUT);
    }
}
