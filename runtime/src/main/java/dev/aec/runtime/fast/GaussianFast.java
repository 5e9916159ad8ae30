package dev.aec.runtime.fast;

import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.layers.Gaussian;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A VAE's gaussian layer ({@link GaussianKernel}): its sample reads the noise the plan is fed each
 * step, and the plan keeps the kernel so that a measured loss can add the KL term.
 */
final class GaussianFast implements FastLayer<Gaussian> {
    /** The kernel's parameter order. */
    private static final String[] PARAMS = {"mean_kernel", "mean_bias", "log_var_kernel", "log_var_bias"};

    @Override
    public Class<Gaussian> type() {
        return Gaussian.class;
    }

    @Override
    public Optional<String> unsupported(Gaussian layer, IrNode node) {
        return DenseFast.vectorsOnly(node);
    }

    @Override
    public void bind(Gaussian layer, NodeBinding b) {
        INDArray[] values = new INDArray[PARAMS.length];
        INDArray[] gradients = new INDArray[PARAMS.length];
        for (int i = 0; i < PARAMS.length; i++) {
            values[i] = b.param(PARAMS[i]);
            gradients[i] = b.paramGradient(PARAMS[i]);
        }
        GaussianKernel kernel = new GaussianKernel(b.in(), b.preActivation(), b.noise(), values, gradients,
                b.gradient().orElseThrow(), b.gradIn(), layer.beta());
        b.gaussian(kernel);
        b.kernel(kernel);
    }
}
