package dev.aec.runtime.fast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.ActivationKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The activations oneDNN runs in float against libnd4j's transforms, output and gradient, in place. */
class ActivationOpsTest {
    @ParameterizedTest(name = "{0}({1}) on {2}")
    @CsvSource({
            "RELU,       0,   4x5x5x3",
            "LEAKY_RELU, 0.2, 4x5x5x3",
            "LEAKY_RELU, 0.3, 7x33",
            "SIGMOID,    0,   4x5x5x3",
            "TANH,       0,   7x33",
            "LINEAR,     0,   7x33",
            "RELU,       0,   2",
    })
    void oneDnnAgreesWithLibnd4jInFloat(ActivationKind kind, double alpha, String spec) {
        Activation activation = new Activation(kind, alpha);
        long[] shape = java.util.Arrays.stream(spec.split("x")).mapToLong(Long::parseLong).toArray();
        Nd4j.getRandom().setSeed(spec.hashCode());
        // Spread over [-4, 4], with exact zeros, where ReLU's gradient is decided by the output.
        INDArray z = Nd4j.rand(DataType.FLOAT, shape).subi(0.5).muli(8);
        z.reshape(z.length()).putScalar(0, 0.0);
        INDArray g = Nd4j.rand(DataType.FLOAT, shape).subi(0.5);

        INDArray oneDnnValue = z.dup();
        INDArray oneDnnGradient = g.dup();
        ActivationOps onednn = new ActivationOps(activation, oneDnnValue, oneDnnGradient, true);
        INDArray referenceValue = z.dup();
        INDArray referenceGradient = g.dup();
        ActivationOps reference = new ActivationOps(activation, referenceValue, referenceGradient, false);
        onednn.forward();
        onednn.backward();
        reference.forward();
        reference.backward();

        assertThat(maxDifference(oneDnnValue, referenceValue)).as("output").isLessThan(1e-6);
        // At exactly 0 the two disagree on the leaky ReLU's slope (see the test below): compared elsewhere.
        oneDnnGradient.reshape(oneDnnGradient.length()).putScalar(0, 0.0);
        referenceGradient.reshape(referenceGradient.length()).putScalar(0, 0.0);
        assertThat(maxDifference(oneDnnGradient, referenceGradient)).as("gradient").isLessThan(1e-6);
        if (kind != ActivationKind.LINEAR) {
            assertThat(maxDifference(oneDnnValue, z)).as("the activation ran in place").isGreaterThan(1e-3);
        }
    }

    /** A model's output made from its logits: the same values as the activation in place, the logits kept. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"SIGMOID", "TANH", "RELU"})
    void theActivationOutOfPlaceWritesWhatItWouldInPlace(ActivationKind kind) {
        Activation activation = new Activation(kind, 0);
        INDArray logits = Nd4j.rand(DataType.FLOAT, 5, 28, 28, 1).subi(0.5).muli(12);
        INDArray kept = logits.dup();
        INDArray output = logits.ulike();
        DnnlEltwise.outOfPlace(activation, logits, output).run();
        INDArray inPlace = logits.dup();
        new ActivationOps(activation, inPlace, inPlace.ulike(), true).forward();

        assertThat(output.data().asFloat()).containsExactly(inPlace.data().asFloat());
        assertThat(logits.data().asFloat()).containsExactly(kept.data().asFloat());
    }

    /**
     * TensorFlow's `LeakyReluGrad` passes `alpha * g` where the input is not above 0, as for ReLU, whose
     * gradient at 0 is 0 in both libraries; libnd4j's leaky ReLU gradient passes `g` at 0. oneDNN
     * follows TensorFlow, so in float the fast executor does; SameDiff's graph and the double kernels
     * keep libnd4j's rule. A pre-activation is exactly 0 only where a layer without bias reads zeros.
     */
    @ParameterizedTest(name = "on oneDNN {0}")
    @CsvSource({"true, 0.05", "false, 1.0"})
    void theLeakyReluSlopeAtZero(boolean onOneDnn, float slope) {
        INDArray value = Nd4j.createFromArray(0f, -1f, 2f);
        INDArray gradient = Nd4j.createFromArray(1f, 1f, 1f);
        ActivationOps ops = new ActivationOps(new Activation(ActivationKind.LEAKY_RELU, 0.05), value, gradient,
                onOneDnn);
        ops.forward();
        ops.backward();
        assertThat(value.toDoubleVector()).containsExactly(0, -0.05f, 2);
        assertThat(gradient.toDoubleVector()).containsExactly(slope, 0.05f, 1);
    }

    private static double maxDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }
}
