package dev.aec.runtime.backend;

import dev.aec.compiler.model.Loss;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.loss.SigmoidCrossEntropyLoss;
import org.nd4j.linalg.api.ops.impl.loss.SoftmaxCrossEntropyLoss;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A loss evaluated on arrays, outside any graph, with the same definition as the lowered graph's
 * `loss` (per-element mean, or per-sample mean for categorical cross-entropy; cross-entropies on
 * logits in their stable form, or on clipped probabilities as Keras). A handful of native calls, where a graph execution costs milliseconds.
 */
public final class LossValue {
    private static final double EPSILON = 1e-7;

    private LossValue() {
    }

    /**
     * The KL divergence of N(mean, exp(logVar)) from N(0, 1) in nats, summed over the units of a
     * sample and averaged over the batch: -0.5 * sum(1 + logVar - mean^2 - exp(logVar)).
     */
    public static double kl(INDArray mean, INDArray logVar) {
        INDArray terms = logVar.add(1.0).subi(mean.mul(mean)).subi(Transforms.exp(logVar, true));
        return terms.sum(1).muli(-0.5).meanNumber().doubleValue();
    }

    public static double of(Loss loss, boolean fromLogits, INDArray prediction, INDArray target) {
        long n = prediction.length();
        return switch (loss) {
            case BINARY_CROSSENTROPY -> {
                if (fromLogits) {
                    // libnd4j's fused sigmoid cross-entropy: one native call, the same op the graph uses.
                    INDArray[] out = Nd4j.exec(new SigmoidCrossEntropyLoss(target, prediction,
                            Nd4j.scalar(prediction.dataType(), 1.0), LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0));
                    yield out[0].getDouble(0);
                }
                INDArray p = Transforms.min(Transforms.max(prediction, EPSILON, true), 1 - EPSILON, false);
                INDArray perElement = target.mul(Transforms.log(p, true))
                        .addi(target.rsub(1.0).muli(Transforms.log(p.rsub(1.0), false)));
                yield -perElement.sumNumber().doubleValue() / n;
            }
            case CATEGORICAL_CROSSENTROPY -> {
                if (fromLogits) {
                    INDArray[] out = Nd4j.exec(new SoftmaxCrossEntropyLoss(target, prediction,
                            Nd4j.scalar(prediction.dataType(), 1.0), LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0));
                    yield out[0].getDouble(0);
                }
                INDArray scaled = prediction.divColumnVector(prediction.sum(1));
                INDArray p = Transforms.min(Transforms.max(scaled, EPSILON, false), 1 - EPSILON, false);
                yield -target.mul(Transforms.log(p, false)).sumNumber().doubleValue() / prediction.size(0);
            }
            case MSE -> prediction.squaredDistance(target) / n;
            case MAE -> prediction.distance1(target) / n;
        };
    }
}
