package dev.aec.runtime.fast;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense: z = x W + b. Products are written straight into their outputs (the weight gradient into
 * its view of the flat gradient buffer). Float layers run as oneDNN matmuls with the bias fused
 * ({@link DnnlDense}) where oneDNN picks its AVX-512 kernels; other float layers and double ones
 * as OpenBLAS's gemm, the bias added in place.
 */
final class DenseKernel implements Kernel {
    private final INDArray in;
    private final INDArray z;
    private final INDArray kernel;
    private final Optional<INDArray> bias;
    private final INDArray gradZ;
    private final INDArray gradKernel;
    private final Optional<ColumnSums> gradBias;
    private final Optional<INDArray> gradIn;
    private final Optional<DnnlDense> onednn;

    DenseKernel(INDArray in, INDArray z, INDArray kernel, Optional<INDArray> bias, INDArray gradZ,
                INDArray gradKernel, Optional<INDArray> gradBias, Optional<INDArray> gradIn) {
        this.in = in;
        this.z = z;
        this.kernel = kernel;
        this.bias = bias;
        this.gradZ = gradZ;
        this.gradKernel = gradKernel;
        this.gradBias = gradBias.map(g -> new ColumnSums(gradZ, g));
        this.gradIn = gradIn;
        List<INDArray> operands = new ArrayList<>(List.of(in, z, kernel, gradZ, gradKernel));
        bias.ifPresent(operands::add);
        gradIn.ifPresent(operands::add);
        // Only oneDNN's brgemm kernels (AVX-512) were measured faster than OpenBLAS. Capped to AVX2,
        // oneDNN 2.5 picks `gemm:jit`, slower on the 784-wide layers, and every op of the step, its
        // own and libnd4j's between them, took milliseconds instead of microseconds.
        this.onednn = Dnnl.runsOn(operands.toArray(INDArray[]::new))
                ? Optional.of(new DnnlDense(in, kernel, bias, z, gradZ, gradKernel, gradIn))
                        .filter(d -> d.implementation().startsWith("brg"))
                : Optional.empty();
    }

    /** oneDNN's forward kernel, when it runs this layer. */
    Optional<String> implementation() {
        return onednn.map(DnnlDense::implementation);
    }

    @Override
    public void forward() {
        if (onednn.isPresent()) {
            onednn.get().forward();
            return;
        }
        Nd4j.gemm(in, kernel, z, false, false, 1.0, 0.0);
        bias.ifPresent(z::addiRowVector);
    }

    @Override
    public void backward() {
        if (onednn.isPresent()) {
            onednn.get().backward();
            gradBias.ifPresent(ColumnSums::run);
            return;
        }
        Nd4j.gemm(in, gradZ, gradKernel, true, false, 1.0, 0.0);
        gradBias.ifPresent(ColumnSums::run);
        gradIn.ifPresent(g -> Nd4j.gemm(gradZ, kernel, g, false, true, 1.0, 0.0));
    }
}
