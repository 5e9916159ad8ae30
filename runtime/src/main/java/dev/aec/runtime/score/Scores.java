package dev.aec.runtime.score;

import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Reduction;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.train.Evaluator;
import dev.aec.runtime.train.Examples;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every sample's reconstruction error under a trained model, in the examples' order: what anomaly
 * detection thresholds. A gaussian layer gives its mean, as at inference, so a sample's score does
 * not depend on a draw.
 */
public final class Scores {
    private static final int BATCH = 1000;

    private Scores() {
    }

    public static double[] of(CompiledModel model, Examples examples, Loss loss, Reduction reduction) {
        if (loss.classifies()) {
            throw new IllegalArgumentException("a classifier has no reconstruction error");
        }
        int count = examples.count();
        double[] errors = new double[count];
        for (int from = 0; from < count; from += BATCH) {
            int to = Math.min(count, from + BATCH);
            INDArray input = examples.range(from, to);
            INDArray output = Evaluator.reconstruct(model, input);
            float[] in = input.reshape('c', to - from, -1).dup('c').data().asFloat();
            float[] out = output.reshape('c', to - from, -1).dup('c').data().asFloat();
            int width = in.length / (to - from);
            for (int i = 0; i < to - from; i++) {
                errors[from + i] = SampleError.of(loss, reduction, out, in, i * width, width);
            }
        }
        return errors;
    }
}
