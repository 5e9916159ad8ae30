package dev.aec.runtime.fast;

import java.util.List;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Float batch normalisation over the last axis of an NHWC or `[n, c]` array, run by oneDNN's
 * batch-normalisation primitives on the executor's own buffers. With `batchStatistics` the forward
 * pass writes the batch mean and the biased batch variance into `mean` and `variance` and the
 * backward pass differentiates through them; without, it reads them (oneDNN's `use_global_stats`)
 * and they are constants.
 */
final class DnnlBatchNorm {
    private static final memory.data_type F32 = memory.data_type.f32;

    private final stream stream;
    private final NativeArrays arrays = new NativeArrays();
    private final batch_normalization_forward forward;
    private final String implementation;
    private final IntMemoryMap forwardArgs = new IntMemoryMap();
    private final batch_normalization_backward backward;
    private final IntMemoryMap backwardArgs = new IntMemoryMap();
    /**
     * Every array whose memory oneDNN is given by address: held here so that none is collected
     * while the primitives write to it (a scratch input gradient has no other holder).
     */
    private final List<INDArray> bound;

    /** @param gradIn the input's gradient; oneDNN always computes it, so a scratch array where no layer needs it */
    DnnlBatchNorm(INDArray x, INDArray gamma, INDArray beta, INDArray y, INDArray mean, INDArray variance,
                  float epsilon, boolean batchStatistics, INDArray gradY, INDArray gradGamma, INDArray gradBeta,
                  INDArray gradIn) {
        this.bound = List.of(x, gamma, beta, y, mean, variance, gradY, gradGamma, gradBeta, gradIn);
        Dnnl onednn = Dnnl.CPU.orElseThrow(() -> new IllegalStateException("oneDNN did not load"));
        engine eng = onednn.cpu();
        this.stream = onednn.queue();
        // Described as NHWC of one pixel per row, whatever the caller's rank: the same memory, but oneDNN
        // 2.5 runs a plain [n, c] (`nc`) array with its generic `ncsp_bnorm:any` loops, which walk each
        // channel down the rows, a stride of c floats per value (7 ms for 6,272 x 64 here); as `nhwc` it
        // takes its vectorised `nspc` kernels.
        long c = x.size(x.rank() - 1);
        memory.desc data = new memory.desc(new long[] {x.length() / c, c, 1, 1}, F32, memory.format_tag.nhwc);
        memory.desc channels = new memory.desc(new long[] {gamma.length()}, F32, memory.format_tag.x);
        // Separate scale and shift arrays (oneDNN 2.3 and later), so gamma and beta stay views of the
        // flat parameters instead of being packed into one [2, c] array on every step.
        int flags = dnnl.normalization_flags.use_scale.value | dnnl.normalization_flags.use_shift.value
                | (batchStatistics ? 0 : dnnl.normalization_flags.use_global_stats.value);
        // Forward training in both modes: oneDNN derives the backward pass from a training forward pass.
        batch_normalization_forward.primitive_desc forwardPd = new batch_normalization_forward.primitive_desc(
                new batch_normalization_forward.desc(dnnl.prop_kind.forward_training.value, data, epsilon, flags), eng);
        this.forward = new batch_normalization_forward(forwardPd);
        this.implementation = forwardPd.impl_info_str().getString();
        memory src = new memory(data, eng, arrays.address(x));
        memory scale = new memory(channels, eng, arrays.address(gamma));
        memory meanMemory = new memory(channels, eng, arrays.address(mean));
        memory varianceMemory = new memory(channels, eng, arrays.address(variance));
        forwardArgs.put(dnnl.DNNL_ARG_SRC, src);
        forwardArgs.put(dnnl.DNNL_ARG_SCALE, scale);
        memory shift = new memory(channels, eng, arrays.address(beta));
        forwardArgs.put(dnnl.DNNL_ARG_SHIFT, shift);
        forwardArgs.put(dnnl.DNNL_ARG_MEAN, meanMemory);
        forwardArgs.put(dnnl.DNNL_ARG_VARIANCE, varianceMemory);
        forwardArgs.put(dnnl.DNNL_ARG_DST, new memory(data, eng, arrays.address(y)));

        batch_normalization_backward.primitive_desc backwardPd = new batch_normalization_backward.primitive_desc(
                new batch_normalization_backward.desc(dnnl.prop_kind.backward.value, data, data, epsilon, flags), eng,
                forwardPd);
        this.backward = new batch_normalization_backward(backwardPd);
        backwardArgs.put(dnnl.DNNL_ARG_SRC, src);
        backwardArgs.put(dnnl.DNNL_ARG_MEAN, meanMemory);
        backwardArgs.put(dnnl.DNNL_ARG_VARIANCE, varianceMemory);
        backwardArgs.put(dnnl.DNNL_ARG_SCALE, scale);
        // The gradients do not read beta, but oneDNN 2.5 refuses to run the backward pass without it
        // under `use_shift` ("could not execute a primitive: status = 2", invalid arguments).
        backwardArgs.put(dnnl.DNNL_ARG_SHIFT, shift);
        backwardArgs.put(dnnl.DNNL_ARG_DIFF_DST, new memory(data, eng, arrays.address(gradY)));
        backwardArgs.put(dnnl.DNNL_ARG_DIFF_SRC, new memory(data, eng, arrays.address(gradIn)));
        backwardArgs.put(dnnl.DNNL_ARG_DIFF_SCALE, new memory(channels, eng, arrays.address(gradGamma)));
        backwardArgs.put(dnnl.DNNL_ARG_DIFF_SHIFT, new memory(channels, eng, arrays.address(gradBeta)));
    }

    /** The name of the forward kernel oneDNN chose, as its verbose mode prints it (`bnorm_jit:avx512_common`). */
    String implementation() {
        return implementation;
    }

    void forward() {
        forward.execute(stream, forwardArgs);
        stream._wait();
    }

    void backward() {
        backward.execute(stream, backwardArgs);
        stream._wait();
    }
}
