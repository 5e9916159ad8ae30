package dev.aec.runtime.backend;

import dev.aec.compiler.model.Loss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A loss evaluated on arrays, outside any graph, with the same definition as the lowered graph's
 * `loss` (per-element mean; binary cross-entropy on logits in its stable form, or on clipped
 * probabilities as Keras). A handful of native calls, where a graph execution costs milliseconds.
 */
public final class LossValue {
    private static final double EPSILON = 1e-7;

    private LossValue() {
    }

    public static double of(Loss loss, boolean fromLogits, INDArray prediction, INDArray target) {
        long n = prediction.length();
        return switch (loss) {
            case BINARY_CROSSENTROPY -> {
                if (fromLogits) {
                    // max(z, 0) - z * t + log(1 + exp(-|z|)), the overflow-free form.
                    INDArray z = prediction;
                    INDArray perElement = Transforms.relu(z, true).subi(z.mul(target))
                            .addi(Transforms.log1p(Transforms.exp(Transforms.abs(z, true).negi(), false), false));
                    yield perElement.sumNumber().doubleValue() / n;
                }
                INDArray p = Transforms.min(Transforms.max(prediction, EPSILON, true), 1 - EPSILON, false);
                INDArray perElement = target.mul(Transforms.log(p, true))
                        .addi(target.rsub(1.0).muli(Transforms.log(p.rsub(1.0), false)));
                yield -perElement.sumNumber().doubleValue() / n;
            }
            case MSE -> prediction.squaredDistance(target) / n;
            case MAE -> prediction.distance1(target) / n;
        };
    }
}
