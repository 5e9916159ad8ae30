package dev.aec.runtime.fast;

import dev.aec.compiler.layers.Conv2d;
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
 * Conv2d, NHWC with `[kH, kW, in, out]` weights as Keras. In float, oneDNN runs it directly
 * ({@link DnnlConvolution}); in double, which oneDNN lacks (and the gradient tests use), libnd4j's
 * `conv2d` and `conv2d_bp`, each op object built once with its arrays and re-run. `conv2d_bp`
 * always computes an input gradient (where no layer needs it, into a scratch array).
 */
final class ConvKernel implements Kernel {
    private final Runnable forward;
    private final Runnable backward;

    private ConvKernel(Runnable forward, Runnable backward) {
        this.forward = forward;
        this.backward = backward;
    }

    /** `gradIn` empty when no earlier layer needs the input's gradient. */
    static ConvKernel of(Conv2d layer, INDArray in, INDArray z, INDArray kernel, Optional<INDArray> bias,
                         INDArray gradZ, INDArray gradKernel, Optional<INDArray> gradBias, Optional<INDArray> gradIn) {
        Conv2DConfig config = Conv2DConfig.builder()
                .kH(layer.kernel().rows()).kW(layer.kernel().cols())
                .sH(layer.stride().rows()).sW(layer.stride().cols())
                .dH(1).dW(1)
                .paddingMode(layer.padding() == Padding.SAME ? PaddingMode.SAME : PaddingMode.VALID)
                .dataFormat("NHWC")
                .weightsFormat(WeightsFormat.YXIO)
                .build();
        long[][] pads = padding(layer, in, z);
        return of(config, pads[0], pads[1], in, z, kernel, bias, gradZ, gradKernel, gradBias, gradIn);
    }

    /**
     * A convolution described twice: `config` for libnd4j, and the zeros before and after the input
     * (rows, columns) for oneDNN, which must describe the same padding.
     */
    static ConvKernel of(Conv2DConfig config, long[] padBefore, long[] padAfter, INDArray in, INDArray z,
                         INDArray kernel, Optional<INDArray> bias, INDArray gradZ, INDArray gradKernel,
                         Optional<INDArray> gradBias, Optional<INDArray> gradIn) {
        if (Dnnl.runs(in.dataType())) {
            DnnlConvolution conv = new DnnlConvolution(in, kernel, bias, z, new long[] {config.getSH(), config.getSW()},
                    padBefore, padAfter, gradZ, gradKernel, gradBias, gradIn);
            return new ConvKernel(conv::forward, conv::backward);
        }
        INDArray[] inputs = bias.isPresent() ? new INDArray[] {in, kernel, bias.get()} : new INDArray[] {in, kernel};
        Conv2D conv2d = new Conv2D(inputs, new INDArray[] {z}, config);
        DynamicCustomOp.DynamicCustomOpsBuilder bp = DynamicCustomOp.builder("conv2d_bp")
                .addIntegerArguments(ints(conv2d.iArgs()));
        INDArray gradInOrScratch = gradIn.orElseGet(in::ulike);
        if (bias.isPresent()) {
            bp.addInputs(in, kernel, bias.get(), gradZ)
                    .addOutputs(gradInOrScratch, gradKernel, gradBias.orElseThrow());
        } else {
            bp.addInputs(in, kernel, gradZ).addOutputs(gradInOrScratch, gradKernel);
        }
        DynamicCustomOp op = bp.build();
        return new ConvKernel(() -> Nd4j.exec(conv2d), () -> Nd4j.exec(op));
    }

    /** Zeros before and after the input, rows then columns: none for `valid`. */
    static long[][] padding(Conv2d layer, INDArray in, INDArray z) {
        return layer.padding() == Padding.SAME
                ? samePadding(in, z, new long[] {layer.kernel().rows(), layer.kernel().cols()},
                        new long[] {layer.stride().rows(), layer.stride().cols()})
                : new long[][] {{0, 0}, {0, 0}};
    }

    /**
     * The zeros before and after an NHWC input, rows then columns, that `same` padding adds for a
     * window sliding in `strides` to give `out`: as TensorFlow and libnd4j, the smaller half before.
     */
    static long[][] samePadding(INDArray in, INDArray out, long[] window, long[] strides) {
        long[][] pads = new long[2][2];
        for (int axis = 0; axis < 2; axis++) {
            long total = Math.max((out.size(axis + 1) - 1) * strides[axis] + window[axis] - in.size(axis + 1), 0);
            pads[0][axis] = total / 2;
            pads[1][axis] = total - total / 2;
        }
        return pads;
    }

    @Override
    public void forward() {
        forward.run();
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
