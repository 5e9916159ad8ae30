package dev.aec.runtime.fast;

import dev.aec.compiler.layers.Upsample;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Nearest-neighbour upsampling, NHWC, with the raw libnd4j ops. The Java wrapper of ND4J
 * 1.0.0-M2.1 passes the backward op its arguments in the wrong order (the wrong NHWC gradient the
 * SameDiff lowering permutes around); called directly with the layout flag where the native op
 * reads it, the NHWC gradient is exact (checked against SameDiff's NCHW-permuted graph in tests).
 */
final class UpsampleKernel implements Kernel {
    /** libnd4j's layout argument: 1 for NCHW, 0 for NHWC. */
    private static final int NHWC = 0;

    private final DynamicCustomOp forward;
    private final DynamicCustomOp backward;

    UpsampleKernel(Upsample layer, INDArray in, INDArray out, INDArray gradOut, INDArray gradIn) {
        this.forward = DynamicCustomOp.builder("upsampling2d").addInputs(in).addOutputs(out)
                .addIntegerArguments(layer.size().rows(), layer.size().cols(), NHWC).build();
        // Without a gradient to pass back (no parameter before this layer) there is no backward op.
        this.backward = gradOut == null || gradIn == null ? null
                : DynamicCustomOp.builder("upsampling2d_bp").addInputs(in, gradOut).addOutputs(gradIn)
                        .addIntegerArguments(NHWC).build();
    }

    @Override
    public void forward() {
        Nd4j.exec(forward);
    }

    @Override
    public void backward() {
        if (backward != null) {
            Nd4j.exec(backward);
        }
    }
}
