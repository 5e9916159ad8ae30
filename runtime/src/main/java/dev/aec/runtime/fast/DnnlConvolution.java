package dev.aec.runtime.fast;

import java.util.Optional;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A float NHWC convolution run by oneDNN itself, on the executor's own buffers. libnd4j calls the
 * same library, but hands it the weights in their plain `[kH, kW, in, out]` layout, where oneDNN
 * falls back to its GEMM kernels: `conv2d_bp` took 2.4 ms on the tutorial's 14x14, 16 -> 8 layer
 * and 10 ms on its 28x28, 16 -> 1 layer. Asked for weights in whatever layout it prefers, oneDNN
 * picks its AVX-512 direct kernels: 0.5 and 1.5 ms (measured on a 2-core Xeon with AVX-512). The weights and
 * their gradient are reordered between the two layouts on every step, a copy of a few kilobytes.
 *
 * <p>Activations stay NHWC in place, the model's parameters stay views of the flat buffer: only
 * the reordered weights live here.
 */
final class DnnlConvolution {
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

    /**
     * @param x       the input [b, h, w, in]
     * @param kernel  the weights [kH, kW, in, out], as Keras (a view of the flat parameters)
     * @param z       the output [b, oh, ow, out]
     * @param padBefore rows and columns of zeros before the input (top, left); `padAfter` after it
     * @param gradIn  the input's gradient, when an earlier layer needs it
     */
    DnnlConvolution(INDArray x, INDArray kernel, Optional<INDArray> bias, INDArray z, long[] strides,
                    long[] padBefore, long[] padAfter, INDArray gradZ, INDArray gradKernel,
                    Optional<INDArray> gradBias, Optional<INDArray> gradIn) {
        Dnnl onednn = Dnnl.CPU.orElseThrow(() -> new IllegalStateException("oneDNN did not load"));
        engine eng = onednn.cpu();
        this.stream = onednn.queue();
        long[] src = {x.size(0), x.size(3), x.size(1), x.size(2)};
        long[] dst = {z.size(0), z.size(3), z.size(1), z.size(2)};
        long[] weights = {kernel.size(3), kernel.size(2), kernel.size(0), kernel.size(1)};
        memory.desc srcDesc = new memory.desc(src, F32, memory.format_tag.nhwc);
        memory.desc dstDesc = new memory.desc(dst, F32, memory.format_tag.nhwc);
        memory.desc userWeightsDesc = new memory.desc(weights, F32, memory.format_tag.hwio);
        // `any`: oneDNN chooses the weights' layout, and with it its fast kernels.
        memory.desc anyWeights = new memory.desc(weights, F32, memory.format_tag.any);
        Optional<memory.desc> biasDesc = bias.map(b -> new memory.desc(new long[] {b.length()}, F32, memory.format_tag.x));
        dnnl.algorithm direct = dnnl.algorithm.convolution_direct;

        convolution_forward.desc forwardDesc = biasDesc.isPresent()
                ? new convolution_forward.desc(dnnl.prop_kind.forward_training, direct, srcDesc, anyWeights,
                        biasDesc.get(), dstDesc, strides, padBefore, padAfter)
                : new convolution_forward.desc(dnnl.prop_kind.forward_training, direct, srcDesc, anyWeights, dstDesc,
                        strides, padBefore, padAfter);
        convolution_forward.primitive_desc forwardPd = new convolution_forward.primitive_desc(forwardDesc, eng);
        this.forward = new convolution_forward(forwardPd);
        this.userWeights = new memory(userWeightsDesc, eng, arrays.address(kernel));
        this.forwardWeights = new memory(forwardPd.weights_desc(), eng);
        this.weightsForForward = new reorder(userWeights, forwardWeights);
        memory input = new memory(srcDesc, eng, arrays.address(x));
        forwardArgs.put(dnnl.DNNL_ARG_SRC, input);
        forwardArgs.put(dnnl.DNNL_ARG_WEIGHTS, forwardWeights);
        bias.ifPresent(b -> forwardArgs.put(dnnl.DNNL_ARG_BIAS, new memory(biasDesc.get(), eng, arrays.address(b))));
        forwardArgs.put(dnnl.DNNL_ARG_DST, new memory(dstDesc, eng, arrays.address(z)));

        memory outputGradient = new memory(dstDesc, eng, arrays.address(gradZ));
        if (gradIn.isPresent()) {
            convolution_backward_data.primitive_desc pd = new convolution_backward_data.primitive_desc(
                    new convolution_backward_data.desc(direct, srcDesc, anyWeights, dstDesc, strides, padBefore, padAfter),
                    eng, forwardPd);
            this.backwardData = Optional.of(new convolution_backward_data(pd));
            // The forward pass of the same step already reordered the weights when the layouts agree.
            boolean sameLayout = pd.weights_desc().equals(forwardPd.weights_desc());
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

        convolution_backward_weights.desc weightsDesc = biasDesc.isPresent()
                ? new convolution_backward_weights.desc(direct, srcDesc, anyWeights, biasDesc.get(), dstDesc, strides,
                        padBefore, padAfter)
                : new convolution_backward_weights.desc(direct, srcDesc, anyWeights, dstDesc, strides, padBefore, padAfter);
        convolution_backward_weights.primitive_desc weightsPd =
                new convolution_backward_weights.primitive_desc(weightsDesc, eng, forwardPd);
        this.backwardWeights = new convolution_backward_weights(weightsPd);
        this.gradientWeights = new memory(weightsPd.diff_weights_desc(), eng);
        this.userGradient = new memory(userWeightsDesc, eng, arrays.address(gradKernel));
        this.gradientToUser = new reorder(gradientWeights, userGradient);
        backwardWeightsArgs.put(dnnl.DNNL_ARG_SRC, input);
        backwardWeightsArgs.put(dnnl.DNNL_ARG_DIFF_DST, outputGradient);
        backwardWeightsArgs.put(dnnl.DNNL_ARG_DIFF_WEIGHTS, gradientWeights);
        gradBias.ifPresent(g -> backwardWeightsArgs.put(dnnl.DNNL_ARG_DIFF_BIAS, new memory(biasDesc.get(), eng, arrays.address(g))));
    }

    void forward() {
        weightsForForward.execute(stream, userWeights, forwardWeights);
        forward.execute(stream, forwardArgs);
        stream._wait();
    }

    void backward() {
        if (backwardData.isPresent()) {
            weightsForBackward.ifPresent(r -> r.execute(stream, userWeights, backwardDataWeights));
            backwardData.get().execute(stream, backwardDataArgs);
        }
        backwardWeights.execute(stream, backwardWeightsArgs);
        gradientToUser.execute(stream, gradientWeights, userGradient);
        stream._wait();
    }
}
