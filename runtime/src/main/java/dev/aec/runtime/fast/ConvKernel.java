package dev.aec.runtime.fast;

import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.Padding;
import java.util.Optional;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Conv2d, NHWC with `[kH, kW, in, out]` weights as Keras: libnd4j's (oneDNN's) `conv2d` and
 * `conv2d_bp`, each op object built once with its arrays and re-run. `conv2d_bp` always computes
 * an input gradient (where no layer needs it, into a scratch array); layers with one channel on a
 * side take {@link ShiftedConvBackward} instead, several times faster.
 */
final class ConvKernel implements Kernel {
    private final Conv2D forward;
    private final Runnable backward;

    /** `gradIn` empty when no earlier layer needs the input's gradient. */
    ConvKernel(Layer.Conv2d layer, INDArray in, INDArray z, INDArray kernel, Optional<INDArray> bias,
               INDArray gradZ, INDArray gradKernel, Optional<INDArray> gradBias, Optional<INDArray> gradIn) {
        Conv2DConfig config = Conv2DConfig.builder()
                .kH(layer.kernel().rows()).kW(layer.kernel().cols())
                .sH(layer.stride().rows()).sW(layer.stride().cols())
                .dH(1).dW(1)
                .paddingMode(layer.padding() == Padding.SAME ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat("NHWC")
                .weightsFormat(WeightsFormat.YXIO)
                .build();
        INDArray[] inputs = bias.isPresent() ? new INDArray[] {in, kernel, bias.get()} : new INDArray[] {in, kernel};
        this.forward = new Conv2D(inputs, new INDArray[] {z}, config);
        if (ShiftedConvBackward.covers(layer, in.size(3), gradIn.isPresent())) {
            this.backward = ShiftedConvBackward.of(layer, in, kernel, gradZ, gradKernel, gradBias, gradIn);
            return;
        }
        DynamicCustomOp.DynamicCustomOpsBuilder bp = DynamicCustomOp.builder("conv2d_bp")
                .addIntegerArguments(ints(forward.iArgs()));
        INDArray gradInOrScratch = gradIn.orElseGet(in::ulike);
        if (bias.isPresent()) {
            bp.addInputs(in, kernel, bias.get(), gradZ)
                    .addOutputs(gradInOrScratch, gradKernel, gradBias.orElseThrow());
        } else {
            bp.addInputs(in, kernel, gradZ).addOutputs(gradInOrScratch, gradKernel);
        }
        DynamicCustomOp op = bp.build();
        this.backward = () -> Nd4j.exec(op);
    }

    @Override
    public void forward() {
        Nd4j.exec(forward);
    }

    @Override
    public void backward() {
        backward.run();
    }

    /** The forward op's integer arguments, which its backward op takes unchanged. */
    static int[] ints(long[] args) {
        return java.util.Arrays.stream(args).mapToInt(Math::toIntExact).toArray();
    }
}
