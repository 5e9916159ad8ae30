package dev.aec.runtime.fast;

import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.ActivationKind;
import java.util.EnumSet;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.scalar.LeakyReLU;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.LeakyReLUBp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Activations applied in place, and their gradients computed from the activation's output alone,
 * so a layer needs one buffer for its pre-activation and its output. Every activation here has a
 * derivative that the output determines; ELU with its alpha and softmax are left to SameDiff (a
 * classifier's softmax output is folded into its cross-entropy instead, see StepPlan). In float,
 * oneDNN runs them ({@link DnnlEltwise}); in double, libnd4j's transforms.
 */
final class ActivationOps {
    static final Set<ActivationKind> SUPPORTED = EnumSet.of(ActivationKind.LINEAR, ActivationKind.RELU,
            ActivationKind.SIGMOID, ActivationKind.TANH, ActivationKind.LEAKY_RELU);

    private final Activation activation;
    private final INDArray value;
    private final INDArray gradient;
    private final INDArray scratch;
    private final DynamicCustomOp reluBackward;
    private final DnnlEltwise onednn;

    /**
     * @param value    the array the activation turns from pre-activation into output, in place
     * @param gradient the gradient of the output, turned into the pre-activation's in place
     */
    ActivationOps(Activation activation, INDArray value, INDArray gradient) {
        this(activation, value, gradient, Dnnl.runs(value.dataType()));
    }

    /** @param onOneDnn whether oneDNN runs it (float only); else libnd4j's transforms, the reference in tests */
    ActivationOps(Activation activation, INDArray value, INDArray gradient, boolean onOneDnn) {
        this.activation = activation;
        this.value = value;
        this.gradient = gradient;
        this.onednn = activation.kind() != ActivationKind.LINEAR && onOneDnn
                ? new DnnlEltwise(activation, value, gradient) : null;
        if (onednn != null) {
            this.scratch = null;
            this.reluBackward = null;
            return;
        }
        boolean smooth = activation.kind() == ActivationKind.SIGMOID || activation.kind() == ActivationKind.TANH;
        this.scratch = smooth ? value.ulike() : null;
        // relu'(z) is 1 exactly where relu(z) > 0, so the output can stand in for the input.
        this.reluBackward = activation.kind() == ActivationKind.RELU
                ? DynamicCustomOp.builder("relu_bp").addInputs(value, gradient).addOutputs(gradient)
                        .addFloatingPointArguments(0.0).build()
                : null;
    }

    void forward() {
        if (onednn != null) {
            onednn.forward();
            return;
        }
        switch (activation.kind()) {
            case LINEAR -> {
            }
            case RELU -> Nd4j.exec(new RectifiedLinear(value, value, 0.0));
            case SIGMOID -> Nd4j.exec(new Sigmoid(value, value));
            case TANH -> Nd4j.exec(new Tanh(value, value));
            case LEAKY_RELU -> Nd4j.exec(new LeakyReLU(value, value, activation.alpha()));
            default -> throw new IllegalStateException("not a fast activation: " + activation);
        }
    }

    void backward() {
        if (onednn != null) {
            onednn.backward();
            return;
        }
        switch (activation.kind()) {
            case LINEAR -> {
            }
            case RELU -> Nd4j.exec(reluBackward);
            case SIGMOID -> gradient.muli(scratch.assign(value).rsubi(1.0).muli(value));   // y (1 - y)
            case TANH -> gradient.muli(scratch.assign(value).muli(value).rsubi(1.0));      // 1 - y^2
            // With alpha > 0 the output has the input's sign, so it selects the slope.
            case LEAKY_RELU -> Nd4j.exec(new LeakyReLUBp(value, gradient, gradient, activation.alpha()));
            default -> throw new IllegalStateException("not a fast activation: " + activation);
        }
    }
}
