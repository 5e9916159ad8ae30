package dev.aec.runtime.fast;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's L1 activity regularizer on a layer's output y [n, units]: the loss adds
 * l1 * sum(|y|) / n, whose gradient l1 / n * sign(y) (0 where y is 0, as TensorFlow's and
 * SameDiff's |y|) joins the gradient of y that the layer's readers wrote.
 */
final class ActivityPenalty {
    private final INDArray value;
    private final INDArray gradient;
    private final double l1;
    private final boolean addsToWritten;
    private final INDArray sign;

    /**
     * @param addsToWritten whether the loss or a reader has written `gradient` when this runs; if
     *                      not, the penalty's gradient is all of it
     */
    ActivityPenalty(INDArray value, INDArray gradient, double l1, boolean addsToWritten) {
        this.value = value;
        this.gradient = gradient;
        this.l1 = l1;
        this.addsToWritten = addsToWritten;
        this.sign = value.ulike();
    }

    /** The term the loss adds, on the last forward pass. */
    double loss() {
        return l1 * value.norm1Number().doubleValue() / value.size(0);
    }

    void backward() {
        Nd4j.exec(new Sign(value, sign));
        sign.muli(l1 / value.size(0));
        if (addsToWritten) {
            gradient.addi(sign);
        } else {
            gradient.assign(sign);
        }
    }
}
