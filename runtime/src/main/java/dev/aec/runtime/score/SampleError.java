package dev.aec.runtime.score;

import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Reduction;

/**
 * One sample's reconstruction error, by the run's own loss: the mean (or, with `reduction: sum`,
 * the sum) over its elements of binary cross-entropy, squared or absolute error. Cross-entropy is
 * taken on the output probabilities clipped to [1e-7, 1 - 1e-7], as Keras does; a graph that
 * trained on logits agrees with it to within that clipping.
 */
public final class SampleError {
    private static final double EPSILON = 1e-7;

    private SampleError() {
    }

    /** The error of `output` against `target`, `width` values each, starting at `offset` in both. */
    public static double of(Loss loss, Reduction reduction, float[] output, float[] target, int offset, int width) {
        double sum = 0;
        for (int i = offset; i < offset + width; i++) {
            double y = output[i];
            double t = target[i];
            sum += switch (loss) {
                case BINARY_CROSSENTROPY -> {
                    double p = Math.min(Math.max(y, EPSILON), 1 - EPSILON);
                    yield -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
                }
                case MSE -> (y - t) * (y - t);
                case MAE -> Math.abs(y - t);
                case CATEGORICAL_CROSSENTROPY -> throw new IllegalArgumentException(
                        "a classifier has no reconstruction error");
            };
        }
        return switch (reduction) {
            case MEAN -> sum / width;
            case SUM -> sum;
        };
    }
}
