package dev.aec.runtime.fast;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A VAE's gaussian layer: two dense projections, the mean and the log-variance, and the sample
 * z = mean + exp(logVar / 2) * eps with eps fed per step. Its backward pass adds the gradient of
 * beta times the KL term, -beta/2 * mean over the batch of sum(1 + logVar - mean^2 - exp(logVar)):
 *
 * <pre>
 * dL/dmean   = dz + beta * mean / b
 * dL/dlogVar = dz * eps * std / 2 + beta * (std^2 - 1) / (2 b)       (std = exp(logVar / 2))
 * </pre>
 */
final class GaussianKernel implements Kernel {
    private final INDArray in;
    private final INDArray z;
    private final INDArray noise;
    private final INDArray meanKernel;
    private final INDArray meanBias;
    private final INDArray logVarKernel;
    private final INDArray logVarBias;
    private final INDArray mean;
    private final INDArray logVar;
    private final INDArray std;
    private final INDArray gradZ;
    private final INDArray gradMean;
    private final INDArray gradLogVar;
    private final INDArray scratch;
    private final INDArray gradMeanKernel;
    private final INDArray gradLogVarKernel;
    private final ColumnSums gradMeanBias;
    private final ColumnSums gradLogVarBias;
    private final java.util.Optional<INDArray> gradIn;
    private final double beta;

    /** The four parameters and their gradients in the order mean kernel, mean bias, log-var kernel, log-var bias. */
    GaussianKernel(INDArray in, INDArray z, INDArray noise, INDArray[] params, INDArray[] gradients, INDArray gradZ,
                   java.util.Optional<INDArray> gradIn, double beta) {
        this.in = in;
        this.z = z;
        this.noise = noise;
        this.meanKernel = params[0];
        this.meanBias = params[1];
        this.logVarKernel = params[2];
        this.logVarBias = params[3];
        this.mean = z.ulike();
        this.logVar = z.ulike();
        this.std = z.ulike();
        this.gradZ = gradZ;
        this.gradMean = z.ulike();
        this.gradLogVar = z.ulike();
        this.scratch = z.ulike();
        this.gradMeanKernel = gradients[0];
        this.gradLogVarKernel = gradients[2];
        this.gradMeanBias = new ColumnSums(gradMean, gradients[1]);
        this.gradLogVarBias = new ColumnSums(gradLogVar, gradients[3]);
        this.gradIn = gradIn;
        this.beta = beta;
    }

    /** The mean and log-variance of the last forward pass, for the KL term of a measured loss. */
    INDArray mean() {
        return mean;
    }

    INDArray logVar() {
        return logVar;
    }

    @Override
    public void forward() {
        Nd4j.gemm(in, meanKernel, mean, false, false, 1.0, 0.0);
        mean.addiRowVector(meanBias);
        Nd4j.gemm(in, logVarKernel, logVar, false, false, 1.0, 0.0);
        logVar.addiRowVector(logVarBias);
        Nd4j.exec(new Exp(std.assign(logVar).muli(0.5), std));
        z.assign(std).muli(noise).addi(mean);
    }

    @Override
    public void backward() {
        double b = z.size(0);
        gradMean.assign(mean).muli(beta / b).addi(gradZ);
        // dz * eps * std / 2, plus beta (std^2 - 1) / (2 b).
        gradLogVar.assign(gradZ).muli(noise).muli(std).muli(0.5);
        scratch.assign(std).muli(std).subi(1.0).muli(beta / (2 * b));
        gradLogVar.addi(scratch);
        Nd4j.gemm(in, gradMean, gradMeanKernel, true, false, 1.0, 0.0);
        gradMeanBias.run();
        Nd4j.gemm(in, gradLogVar, gradLogVarKernel, true, false, 1.0, 0.0);
        gradLogVarBias.run();
        gradIn.ifPresent(g -> {
            Nd4j.gemm(gradMean, meanKernel, g, false, true, 1.0, 0.0);
            Nd4j.gemm(gradLogVar, logVarKernel, g, false, true, 1.0, 1.0);
        });
    }
}
