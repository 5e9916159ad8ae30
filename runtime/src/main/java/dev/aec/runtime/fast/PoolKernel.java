package dev.aec.runtime.fast;

import dev.aec.compiler.layers.MaxPool;
import dev.aec.compiler.model.Padding;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Max pooling, NHWC. In float, oneDNN runs it ({@link DnnlMaxPool}); in double, libnd4j's
 * `maxpool2d` and `maxpool2d_bp` with the same integer arguments.
 */
final class PoolKernel implements Kernel {
    private final Runnable forward;
    private final Runnable backward;

    /** `gradOut` and `gradIn` null when no gradient passes back (no parameter before this layer). */
    PoolKernel(MaxPool layer, INDArray in, INDArray out, INDArray gradOut, INDArray gradIn) {
        if (Dnnl.runs(in.dataType())) {
            long[] window = {layer.size().rows(), layer.size().cols()};
            long[] strides = {layer.stride().rows(), layer.stride().cols()};
            long[][] pads = layer.padding() == Padding.SAME ? ConvKernel.samePadding(in, out, window, strides)
                    : new long[][] {{0, 0}, {0, 0}};
            DnnlMaxPool pool = new DnnlMaxPool(in, out, Optional.ofNullable(gradOut), Optional.ofNullable(gradIn),
                    window, strides, pads[0], pads[1]);
            this.forward = pool::forward;
            this.backward = pool::backward;
            return;
        }
        Pooling2DConfig config = Pooling2DConfig.builder()
                .kH(layer.size().rows()).kW(layer.size().cols())
                .sH(layer.stride().rows()).sW(layer.stride().cols())
                .dH(1).dW(1)
                .paddingMode(layer.padding() == Padding.SAME ? PaddingMode.SAME : PaddingMode.VALID)
                .isNHWC(true)
                .build();
        MaxPooling2D pooling = new MaxPooling2D(in, out, config);
        this.forward = () -> Nd4j.exec(pooling);
        DynamicCustomOp op = gradOut == null || gradIn == null ? null
                : DynamicCustomOp.builder("maxpool2d_bp").addInputs(in, gradOut).addOutputs(gradIn)
                        .addIntegerArguments(ConvKernel.ints(pooling.iArgs())).build();
        this.backward = op == null ? () -> { } : () -> Nd4j.exec(op);
    }

    @Override
    public void forward() {
        forward.run();
    }

    @Override
    public void backward() {
        backward.run();
    }
}
