package dev.aec.runtime.fast;

import java.util.Optional;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.deconvolution_backward_data;
import org.bytedeco.dnnl.deconvolution_backward_weights;
import org.bytedeco.dnnl.deconvolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A float NHWC transposed convolution run by oneDNN's deconvolution primitives on the executor's
 * own buffers, with weights reordered into the layout oneDNN prefers as {@link DnnlConvolution}
 * does. oneDNN defines a deconvolution as the data gradient of the convolution with input and
 * output channels swapped, output row `i * stride + k - padBefore` for input row `i` and tap `k`:
 * the definition of TensorFlow's `conv2d_transpose`, so the padding is the one of the convolution
 * that the transposed convolution undoes (see {@link TransposedConvKernel#padding}).
 *
 * <p>Where the output is a whole number of stride steps (always for `same`), the forward pass and
 * the weight gradient run as a stride-1 convolution instead ({@link SubPixelDeconvolution}), for
 * which oneDNN 2.5 has faster kernels; the input's gradient always runs here.
 */
final class DnnlDeconvolution {
    private static final memory.data_type F32 = memory.data_type.f32;

    private final stream stream;
    private final NativeArrays arrays = new NativeArrays();
    private final primitive forward;
    private final IntMemoryMap forwardArgs = new IntMemoryMap();
    private final reorder weightsForForward;
    private final memory userWeights;
    private final memory forwardWeights;
    private final Optional<primitive> backwardData;
    private final IntMemoryMap backwardDataArgs = new IntMemoryMap();
    private final Optional<reorder> weightsForBackward;
    private final memory backwardDataWeights;
    private final primitive backwardWeights;
    private final IntMemoryMap backwardWeightsArgs = new IntMemoryMap();
    private final reorder gradientToUser;
    private final memory gradientWeights;
    private final memory userGradient;
    private final Optional<SubPixelDeconvolution> subPixel;

    /**
     * @param x         the input [b, h, w, in]
     * @param kernel    the weights [kH, kW, out, in], as Keras stores a `Conv2DTranspose` kernel
     * @param z         the output [b, oh, ow, out]
     * @param padBefore rows and columns cropped from the full output before it (top, left); `padAfter` after it
     * @param gradIn    the input's gradient, when an earlier layer needs it
     */
    DnnlDeconvolution(INDArray x, INDArray kernel, Optional<INDArray> bias, INDArray z, long[] strides,
                      long[] padBefore, long[] padAfter, INDArray gradZ, INDArray gradKernel,
                      Optional<INDArray> gradBias, Optional<INDArray> gradIn) {
        Dnnl onednn = Dnnl.CPU.orElseThrow(() -> new IllegalStateException("oneDNN did not load"));
        engine eng = onednn.cpu();
        this.stream = onednn.queue();
        long kh = kernel.size(0);
        long kw = kernel.size(1);
        long out = kernel.size(2);
        long in = kernel.size(3);
        long[] src = {x.size(0), x.size(3), x.size(1), x.size(2)};
        long[] dst = {z.size(0), z.size(3), z.size(1), z.size(2)};
        long[] weights = {out, in, kh, kw};
        memory.desc srcDesc = new memory.desc(src, F32, memory.format_tag.nhwc);
        memory.desc dstDesc = new memory.desc(dst, F32, memory.format_tag.nhwc);
        // oneDNN 2.5 names no tag for Keras's (kH, kW, out, in) order: the strides spell it out.
        memory.desc userWeightsDesc = new memory.desc(weights, F32, new long[] {in, 1, kw * out * in, out * in});
        memory.desc anyWeights = new memory.desc(weights, F32, memory.format_tag.any);
        Optional<memory.desc> biasDesc = bias.map(b -> new memory.desc(new long[] {b.length()}, F32, memory.format_tag.x));
        dnnl.algorithm direct = dnnl.algorithm.deconvolution_direct;

        deconvolution_forward.desc forwardDesc = biasDesc.isPresent()
                ? new deconvolution_forward.desc(dnnl.prop_kind.forward_training, direct, srcDesc, anyWeights,
                        biasDesc.get(), dstDesc, strides, padBefore, padAfter)
                : new deconvolution_forward.desc(dnnl.prop_kind.forward_training, direct, srcDesc, anyWeights, dstDesc,
                        strides, padBefore, padAfter);
        deconvolution_forward.primitive_desc forwardPd = new deconvolution_forward.primitive_desc(forwardDesc, eng);
        this.forward = new deconvolution_forward(forwardPd);
        this.userWeights = new memory(userWeightsDesc, eng, arrays.address(kernel));
        this.forwardWeights = new memory(forwardPd.weights_desc(), eng);
        this.weightsForForward = new reorder(userWeights, forwardWeights);
        memory input = new memory(srcDesc, eng, arrays.address(x));
        forwardArgs.put(dnnl.DNNL_ARG_SRC, input);
        forwardArgs.put(dnnl.DNNL_ARG_WEIGHTS, forwardWeights);
        bias.ifPresent(b -> forwardArgs.put(dnnl.DNNL_ARG_BIAS, new memory(biasDesc.get(), eng, arrays.address(b))));
        forwardArgs.put(dnnl.DNNL_ARG_DST, new memory(dstDesc, eng, arrays.address(z)));
        this.subPixel = SubPixelDeconvolution.geometry(x, kernel, z, strides, padBefore)
                .map(axes -> new SubPixelDeconvolution(x, kernel, bias, z, gradZ, gradKernel, gradBias, axes[0], axes[1]));

        memory outputGradient = new memory(dstDesc, eng, arrays.address(gradZ));
        if (gradIn.isPresent()) {
            deconvolution_backward_data.primitive_desc pd = new deconvolution_backward_data.primitive_desc(
                    new deconvolution_backward_data.desc(direct, srcDesc, anyWeights, dstDesc, strides, padBefore,
                            padAfter),
                    eng, forwardPd);
            this.backwardData = Optional.of(new deconvolution_backward_data(pd));
            // The forward pass of the same step already reordered the weights when the layouts agree
            // (and when it ran as a deconvolution).
            boolean sameLayout = pd.weights_desc().equals(forwardPd.weights_desc()) && subPixel.isEmpty();
            this.backwardDataWeights = sameLayout ? forwardWeights : new memory(pd.weights_desc(), eng);
            this.weightsForBackward = sameLayout ? Optional.empty()
                    : Optional.of(new reorder(userWeights, backwardDataWeights));
            backwardDataArgs.put(dnnl.DNNL_ARG_DIFF_DST, outputGradient);
            backwardDataArgs.put(dnnl.DNNL_ARG_WEIGHTS, backwardDataWeights);
            backwardDataArgs.put(dnnl.DNNL_ARG_DIFF_SRC, new memory(srcDesc, eng, arrays.address(gradIn.get())));
        } else {
            this.backwardData = Optional.empty();
            this.backwardDataWeights = null;
            this.weightsForBackward = Optional.empty();
        }

        deconvolution_backward_weights.desc weightsDesc = biasDesc.isPresent()
                ? new deconvolution_backward_weights.desc(direct, srcDesc, anyWeights, biasDesc.get(), dstDesc, strides,
                        padBefore, padAfter)
                : new deconvolution_backward_weights.desc(direct, srcDesc, anyWeights, dstDesc, strides, padBefore,
                        padAfter);
        deconvolution_backward_weights.primitive_desc weightsPd =
                new deconvolution_backward_weights.primitive_desc(weightsDesc, eng, forwardPd);
        this.backwardWeights = new deconvolution_backward_weights(weightsPd);
        this.gradientWeights = new memory(weightsPd.diff_weights_desc(), eng);
        this.userGradient = new memory(userWeightsDesc, eng, arrays.address(gradKernel));
        this.gradientToUser = new reorder(gradientWeights, userGradient);
        backwardWeightsArgs.put(dnnl.DNNL_ARG_SRC, input);
        backwardWeightsArgs.put(dnnl.DNNL_ARG_DIFF_DST, outputGradient);
        backwardWeightsArgs.put(dnnl.DNNL_ARG_DIFF_WEIGHTS, gradientWeights);
        gradBias.ifPresent(g -> backwardWeightsArgs.put(dnnl.DNNL_ARG_DIFF_BIAS,
                new memory(biasDesc.get(), eng, arrays.address(g))));
    }

    void forward() {
        if (subPixel.isPresent()) {
            subPixel.get().forward();
            return;
        }
        weightsForForward.execute(stream, userWeights, forwardWeights);
        forward.execute(stream, forwardArgs);
        stream._wait();
    }

    void backward() {
        if (backwardData.isPresent()) {
            weightsForBackward.ifPresent(r -> r.execute(stream, userWeights, backwardDataWeights));
            backwardData.get().execute(stream, backwardDataArgs);
        }
        if (subPixel.isPresent()) {
            stream._wait();
            subPixel.get().backwardWeights();
            return;
        }
        backwardWeights.execute(stream, backwardWeightsArgs);
        gradientToUser.execute(stream, gradientWeights, userGradient);
        stream._wait();
    }
}
