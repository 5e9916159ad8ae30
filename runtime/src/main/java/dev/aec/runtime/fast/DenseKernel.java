package dev.aec.runtime.fast;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dense: z = x W + b. Products are written straight into their outputs (the weight gradient into
 * its view of the flat gradient buffer); the bias is added in place.
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
    }

    @Override
    public void forward() {
        Nd4j.gemm(in, kernel, z, false, false, 1.0, 0.0);
        bias.ifPresent(z::addiRowVector);
    }

    @Override
    public void backward() {
        Nd4j.gemm(in, gradZ, gradKernel, true, false, 1.0, 0.0);
        gradBias.ifPresent(ColumnSums::run);
        gradIn.ifPresent(g -> Nd4j.gemm(gradZ, kernel, g, false, true, 1.0, 0.0));
    }
}
