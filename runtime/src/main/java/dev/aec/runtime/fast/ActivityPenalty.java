package dev.aec.runtime.fast;

import dev.aec.compiler.model.ActivationKind;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's L1 activity regularizer on a layer's output y [n, units]: the loss adds
 * l1 * sum(|y|) / n, whose gradient l1 / n * sign(y) (0 where y is 0, as TensorFlow's and
 * SameDiff's |y|) joins the gradient of y that the layer's readers wrote.
 *
 * <p>On an output whose loss reads the logits z, the loss writes the gradient of z, not of y: the
 * penalty's gradient then goes back through the output's activation (sigmoid, or softmax) first.
 */
final class ActivityPenalty {
    private final INDArray value;
    private final INDArray gradient;
    private final double l1;
    private final boolean addsToWritten;
    private final Optional<ActivationKind> throughActivation;
    private final INDArray sign;

    /**
     * @param addsToWritten     whether the loss or a reader has written `gradient` when this runs; if
     *                          not, the penalty's gradient is all of it
     * @param throughActivation the activation between y and the logits whose gradient `gradient` holds,
     *                          when the loss reads the logits
     */
    ActivityPenalty(INDArray value, INDArray gradient, double l1, boolean addsToWritten,
                    Optional<ActivationKind> throughActivation) {
        this.value = value;
        this.gradient = gradient;
        this.l1 = l1;
        this.addsToWritten = addsToWritten;
        this.throughActivation = throughActivation;
        this.sign = value.ulike();
        throughActivation.filter(a -> a != ActivationKind.SIGMOID && a != ActivationKind.SOFTMAX).ifPresent(a -> {
            throw new IllegalArgumentException("a loss on logits follows a sigmoid or softmax, not " + a);
        });
    }

    /** The term the loss adds, on the last forward pass. */
    double loss() {
        return l1 * value.norm1Number().doubleValue() / value.size(0);
    }

    void backward() {
        Nd4j.exec(new Sign(value, sign));
        sign.muli(l1 / value.size(0));
        throughActivation.ifPresent(this::toLogits);
        if (addsToWritten) {
            gradient.addi(sign);
        } else {
            gradient.assign(sign);
        }
    }

    /** Turns the gradient of y in `sign` into the gradient of the logits, in place. */
    private void toLogits(ActivationKind activation) {
        if (activation == ActivationKind.SIGMOID) {
            sign.muli(value).muli(value.rsub(1.0));                                   // g y (1 - y)
        } else {
            sign.subiColumnVector(sign.mul(value).sum(true, 1)).muli(value);        // y (g - sum(g y))
        }
    }
}
