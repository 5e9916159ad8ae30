package dev.aec.runtime.fast;

import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.Padding;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/** Max pooling, NHWC: libnd4j's `maxpool2d` and `maxpool2d_bp` with the same integer arguments. */
final class PoolKernel implements Kernel {
    private final MaxPooling2D forward;
    private final DynamicCustomOp backward;

    PoolKernel(Layer.MaxPool layer, INDArray in, INDArray out, INDArray gradOut, INDArray gradIn) {
        Pooling2DConfig config = Pooling2DConfig.builder()
                .kH(layer.size().rows()).kW(layer.size().cols())
                .sH(layer.stride().rows()).sW(layer.stride().cols())
                .dH(1).dW(1)
                .paddingMode(layer.padding() == Padding.SAME ? PaddingMode.SAME : PaddingMode.VALID)
                .isNHWC(true)
                .build();
        this.forward = new MaxPooling2D(in, out, config);
        // Without a gradient to pass back (no parameter before this layer) there is no backward op.
        this.backward = gradOut == null || gradIn == null ? null
                : DynamicCustomOp.builder("maxpool2d_bp").addInputs(in, gradOut).addOutputs(gradIn)
                        .addIntegerArguments(ConvKernel.ints(forward.iArgs())).build();
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
