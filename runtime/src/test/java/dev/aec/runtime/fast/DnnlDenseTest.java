package dev.aec.runtime.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.aec.runtime.backend.Nd4jEnvironment;
import java.util.Optional;
import org.bytedeco.dnnl.global.dnnl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float dense layer through oneDNN's matmuls against the same layer in double through OpenBLAS's
 * gemm: output, weight, bias and input gradients, with and without a bias and an input gradient.
 */
class DnnlDenseTest {
    @BeforeAll
    static void nd4j() {
        Nd4jEnvironment.init();
    }

    @ParameterizedTest(name = "{0}x{1} -> {2}, bias {3}, input gradient {4}")
    @CsvSource({"100, 784, 128, true, false", "100, 64, 64, true, true", "7, 5, 3, false, true", "1, 128, 784, true, true"})
    void matchesGemmInDouble(int n, int in, int out, boolean withBias, boolean withGradIn) {
        assumeThat(Dnnl.runs(DataType.FLOAT)).as("oneDNN loads").isTrue();
        Layer f = new Layer(DataType.FLOAT, n, in, out, withBias, withGradIn);
        Layer d = new Layer(DataType.DOUBLE, n, in, out, withBias, withGradIn);
        if (dnnl.get_effective_cpu_isa().value >= dnnl.cpu_isa.avx512_core.value) {
            assertThat(f.kernel.implementation()).as("oneDNN runs the float layer").hasValueSatisfying(
                    name -> assertThat(name).startsWith("brg"));
        } else {
            assertThat(f.kernel.implementation()).as("gemm runs the float layer without brgemm").isEmpty();
        }
        assertThat(d.kernel.implementation()).as("gemm runs the double layer").isEmpty();
        for (int step = 0; step < 2; step++) {
            Nd4j.getRandom().setSeed(step);
            INDArray x = Nd4j.rand(DataType.DOUBLE, n, in).subi(0.5);
            INDArray w = Nd4j.rand(DataType.DOUBLE, in, out).subi(0.5);
            INDArray b = Nd4j.rand(DataType.DOUBLE, out);
            INDArray gz = Nd4j.rand(DataType.DOUBLE, n, out).subi(0.5);
            f.set(x, w, b, gz);
            d.set(x, w, b, gz);
            f.kernel.forward();
            d.kernel.forward();
            f.kernel.backward();
            d.kernel.backward();
            close(f.z, d.z, "output");
            close(f.gradKernel, d.gradKernel, "weight gradient");
            if (withBias) {
                close(f.gradBias, d.gradBias, "bias gradient");
            }
            if (withGradIn) {
                close(f.gradIn, d.gradIn, "input gradient");
            }
        }
    }

    private static void close(INDArray actual, INDArray expected, String what) {
        double scale = Math.max(1, expected.amaxNumber().doubleValue());
        assertThat(actual.castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue() / scale).as(what)
                .isLessThan(1e-5);
    }

    /** The arrays of one layer and its kernel, bound once as in a step plan. */
    private static final class Layer {
        final INDArray in;
        final INDArray z;
        final INDArray weights;
        final INDArray bias;
        final INDArray gradZ;
        final INDArray gradKernel;
        final INDArray gradBias;
        final INDArray gradIn;
        final DenseKernel kernel;

        Layer(DataType type, int n, int inputs, int outputs, boolean withBias, boolean withGradIn) {
            in = Nd4j.create(type, n, inputs);
            z = Nd4j.create(type, n, outputs);
            // Views of one flat buffer, as the executor's parameters and gradients are.
            INDArray params = Nd4j.create(type, 3 + inputs * outputs + outputs);
            weights = params.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 3 + inputs * outputs))
                    .reshape('c', inputs, outputs);
            bias = params.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3 + inputs * outputs,
                    3 + inputs * outputs + outputs)).reshape('c', new long[] {outputs});
            INDArray grads = params.ulike();
            gradKernel = grads.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 3 + inputs * outputs))
                    .reshape('c', inputs, outputs);
            gradBias = grads.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3 + inputs * outputs,
                    3 + inputs * outputs + outputs)).reshape('c', new long[] {outputs});
            gradZ = Nd4j.create(type, n, outputs);
            gradIn = Nd4j.create(type, n, inputs);
            kernel = new DenseKernel(in, z, weights, withBias ? Optional.of(bias) : Optional.empty(), gradZ, gradKernel,
                    withBias ? Optional.of(gradBias) : Optional.empty(),
                    withGradIn ? Optional.of(gradIn) : Optional.empty());
        }

        void set(INDArray x, INDArray w, INDArray b, INDArray gz) {
            in.assign(x);
            weights.assign(w);
            bias.assign(b);
            gradZ.assign(gz);
        }
    }
}
