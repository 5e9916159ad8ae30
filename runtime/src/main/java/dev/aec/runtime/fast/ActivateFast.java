package dev.aec.runtime.fast;

import dev.aec.compiler.layers.Activate;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A standalone activation: a copy of its input, then the activation in place on the copy (the input
 * is another layer's output, which its own backward pass still reads). Backward, the output's
 * gradient is copied to the input's and the activation's derivative applied there.
 */
final class ActivateFast implements FastLayer<Activate> {
    @Override
    public Class<Activate> type() {
        return Activate.class;
    }

    @Override
    public void bind(Activate layer, NodeBinding b) {
        INDArray in = b.in();
        INDArray out = b.value();
        ActivationOps ops = new ActivationOps(layer.activation(), out, b.gradIn().orElse(out.ulike()));
        b.forward(layer.kind(), () -> {
            out.assign(in);
            ops.forward();
        });
        if (b.gradIn().isPresent()) {
            INDArray gradOut = b.gradient().orElseThrow();
            INDArray g = b.gradIn().get();
            b.backward(layer.kind(), () -> {
                g.assign(gradOut);
                ops.backward();
            });
        }
    }
}
