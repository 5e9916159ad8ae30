package dev.aec.runtime.fast;

import java.nio.FloatBuffer;
import java.util.Optional;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The forward pass and the weight gradient of a strided float transposed convolution, run as one
 * stride-1 convolution of its input (the "sub-pixel" form, as {@link UpsampledConvKernel}). Output
 * row `s*m + r` only reads input rows `m + first .. m + last`, so each phase `(r, r')` is a
 * convolution of the input with some of the taps, and the phases are the output channels of one
 * convolution, `[b, h, w, (r, r', f)]`, which a oneDNN reorder spreads into the output (and the
 * output's gradient back, for the weight gradient).
 *
 * <p>oneDNN 2.5 runs a deconvolution's forward pass and weight gradient with its older
 * `jit:avx512_common` kernels, a stride-1 convolution's forward pass with its `brgconv` ones. On
 * 100 x 7x7x32 -> 14x14x64, 3x3, stride 2, one thread (oneDNN's verbose timings, on a shared
 * machine): forward 25-34 ms as a deconvolution, 4-6 ms as the sub-pixel convolution plus 1 ms of
 * reorder, though it multiplies the zero taps too; weight gradient 26-32 ms against 4-8 ms plus
 * 1 ms. The input's gradient stays with the deconvolution primitive, a `brgconv` convolution (2-5 ms).
 */
final class SubPixelDeconvolution {
    private static final memory.data_type F32 = memory.data_type.f32;

    /**
     * One axis: `stride` phases of `perPhase` outputs each, read from the input at offsets `first ..
     * first + taps - 1`; `cropBefore` is what the transposed convolution crops before its output.
     */
    record Axis(int stride, int kernel, int cropBefore, int in, int perPhase, int first, int taps) {
        static Optional<Axis> of(long stride, long kernel, long padBefore, long in, long out) {
            if (out % stride != 0) {
                return Optional.empty();
            }
            int s = Math.toIntExact(stride);
            int p = Math.toIntExact(padBefore);
            // Phase r reads small tap d for kernel tap r + p - s d in [0, kernel): d from
            // ceil((r + p - kernel + 1) / s), least for r = 0, to floor((r + p) / s), most for r = s - 1.
            int first = -Math.floorDiv((int) kernel - 1 - p, s);
            int last = Math.floorDiv(s - 1 + p, s);
            Axis axis = new Axis(s, Math.toIntExact(kernel), p, Math.toIntExact(in), Math.toIntExact(out / stride),
                    first, last - first + 1);
            // The convolution must pad, never crop, its input on both sides.
            return first <= 0 && axis.padAfter() >= 0 ? Optional.of(axis) : Optional.empty();
        }

        /** Zeros the convolution adds before the input. */
        long padBefore() {
            return -first;
        }

        /** Zeros the convolution adds after the input. */
        long padAfter() {
            return perPhase - 1 + first + taps - 1 - (in - 1);
        }

        /** The original kernel's tap that phase `r` reads at small tap `t`, or -1 for none. */
        int tap(int r, int t) {
            int a = r + cropBefore - stride * (first + t);
            return a >= 0 && a < kernel ? a : -1;
        }
    }

    private final stream stream;
    private final NativeArrays arrays = new NativeArrays();
    private final FloatBuffer kernel;
    private final long kernelOffset;
    private final FloatBuffer smallKernel;
    private final int[] kernelSource;
    private final Optional<FloatBuffer> bias;
    private final long biasOffset;
    private final FloatBuffer smallBias;
    private final int filters;
    private final int smallBiasLength;
    private final reorder weightsForConvolution;
    private final memory userWeights;
    private final memory convolutionWeights;
    private final convolution_forward convolution;
    private final IntMemoryMap convolutionArgs = new IntMemoryMap();
    private final DepthToSpace phasesToImage;
    private final convolution_backward_weights backwardWeights;
    private final IntMemoryMap backwardWeightsArgs = new IntMemoryMap();
    private final reorder gradientToUser;
    private final memory convolutionGradient;
    private final memory userGradient;
    private final FloatBuffer smallGradient;
    private final FloatBuffer gradKernel;
    private final long gradKernelOffset;
    private final FloatBuffer smallBiasGradient;
    private final Optional<FloatBuffer> gradBias;
    private final long gradBiasOffset;

    /** Both axes' geometry, or empty where the output is not a whole number of phases or would need cropping. */
    static Optional<Axis[]> geometry(INDArray x, INDArray kernel, INDArray z, long[] strides, long[] padBefore) {
        Optional<Axis> rows = Axis.of(strides[0], kernel.size(0), padBefore[0], x.size(1), z.size(1));
        Optional<Axis> cols = Axis.of(strides[1], kernel.size(1), padBefore[1], x.size(2), z.size(2));
        return rows.isPresent() && cols.isPresent() ? Optional.of(new Axis[] {rows.get(), cols.get()})
                : Optional.empty();
    }

    /** @param kernel [kH, kW, filters, in], as {@link DnnlDeconvolution}, and `gradZ` .. `gradBias` as there */
    SubPixelDeconvolution(INDArray x, INDArray kernel, Optional<INDArray> bias, INDArray z, INDArray gradZ,
                          INDArray gradKernel, Optional<INDArray> gradBias, Axis rows, Axis cols) {
        Dnnl onednn = Dnnl.CPU.orElseThrow(() -> new IllegalStateException("oneDNN did not load"));
        engine eng = onednn.cpu();
        this.stream = onednn.queue();
        int in = Math.toIntExact(x.size(3));
        this.filters = Math.toIntExact(z.size(3));
        int phaseCount = rows.stride() * cols.stride();
        long channels = (long) phaseCount * filters;
        int kw = cols.kernel();

        // K'[t, t', c, (r, r', f)] = K[tap(r, t), tap(r', t'), f, c], zero where either tap is none.
        INDArray small = Nd4j.create(DataType.FLOAT, rows.taps(), cols.taps(), in, channels);
        this.kernelSource = new int[Math.toIntExact(small.length())];
        int at = 0;
        for (int t = 0; t < rows.taps(); t++) {
            for (int u = 0; u < cols.taps(); u++) {
                for (int c = 0; c < in; c++) {
                    for (int r = 0; r < rows.stride(); r++) {
                        for (int q = 0; q < cols.stride(); q++) {
                            int a = rows.tap(r, t);
                            int d = cols.tap(q, u);
                            for (int f = 0; f < filters; f++) {
                                kernelSource[at++] = a < 0 || d < 0 ? -1 : ((a * kw + d) * filters + f) * in + c;
                            }
                        }
                    }
                }
            }
        }
        this.kernel = kernel.data().asNioFloat();
        this.kernelOffset = kernel.offset();
        this.smallKernel = small.data().asNioFloat();
        this.bias = bias.map(b -> b.data().asNioFloat());
        this.biasOffset = bias.map(INDArray::offset).orElse(0L);
        INDArray smallBiasArray = Nd4j.create(DataType.FLOAT, channels);
        this.smallBias = smallBiasArray.data().asNioFloat();
        INDArray y = Nd4j.create(DataType.FLOAT, x.size(0), rows.perPhase(), cols.perPhase(), channels);
        this.smallBiasLength = Math.toIntExact(channels);
        INDArray gradY = y.ulike();
        INDArray gradSmall = small.ulike();
        INDArray gradSmallBias = smallBiasArray.ulike();
        this.smallGradient = gradSmall.data().asNioFloat();
        this.gradKernel = gradKernel.data().asNioFloat();
        this.gradKernelOffset = gradKernel.offset();
        this.smallBiasGradient = gradSmallBias.data().asNioFloat();
        this.gradBias = gradBias.map(g -> g.data().asNioFloat());
        this.gradBiasOffset = gradBias.map(INDArray::offset).orElse(0L);

        memory.desc srcDesc = new memory.desc(new long[] {x.size(0), in, x.size(1), x.size(2)}, F32,
                memory.format_tag.nhwc);
        memory.desc dstDesc = new memory.desc(new long[] {x.size(0), channels, rows.perPhase(), cols.perPhase()}, F32,
                memory.format_tag.nhwc);
        long[] weights = {channels, in, rows.taps(), cols.taps()};
        memory.desc userWeightsDesc = new memory.desc(weights, F32, memory.format_tag.hwio);
        memory.desc biasDesc = new memory.desc(new long[] {channels}, F32, memory.format_tag.x);
        convolution_forward.primitive_desc pd = new convolution_forward.primitive_desc(new convolution_forward.desc(
                dnnl.prop_kind.forward_training, dnnl.algorithm.convolution_direct, srcDesc,
                new memory.desc(weights, F32, memory.format_tag.any), biasDesc, dstDesc, new long[] {1, 1},
                new long[] {rows.padBefore(), cols.padBefore()}, new long[] {rows.padAfter(), cols.padAfter()}), eng);
        this.convolution = new convolution_forward(pd);
        this.userWeights = new memory(userWeightsDesc, eng, arrays.address(small));
        this.convolutionWeights = new memory(pd.weights_desc(), eng);
        this.weightsForConvolution = new reorder(userWeights, convolutionWeights);
        memory input = new memory(srcDesc, eng, arrays.address(x));
        convolutionArgs.put(dnnl.DNNL_ARG_SRC, input);
        convolutionArgs.put(dnnl.DNNL_ARG_WEIGHTS, convolutionWeights);
        convolutionArgs.put(dnnl.DNNL_ARG_BIAS, new memory(biasDesc, eng, arrays.address(smallBiasArray)));
        convolutionArgs.put(dnnl.DNNL_ARG_DST, new memory(dstDesc, eng, arrays.address(y)));

        // The kernel's gradient from the phases' gradients: the same convolution's weight gradient.
        convolution_backward_weights.primitive_desc weightsPd = new convolution_backward_weights.primitive_desc(
                new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct, srcDesc,
                        new memory.desc(weights, F32, memory.format_tag.any), biasDesc, dstDesc, new long[] {1, 1},
                        new long[] {rows.padBefore(), cols.padBefore()}, new long[] {rows.padAfter(), cols.padAfter()}),
                eng, pd);
        this.backwardWeights = new convolution_backward_weights(weightsPd);
        this.convolutionGradient = new memory(weightsPd.diff_weights_desc(), eng);
        this.userGradient = new memory(userWeightsDesc, eng, arrays.address(gradSmall));
        this.gradientToUser = new reorder(convolutionGradient, userGradient);
        backwardWeightsArgs.put(dnnl.DNNL_ARG_SRC, input);
        backwardWeightsArgs.put(dnnl.DNNL_ARG_DIFF_DST, new memory(dstDesc, eng, arrays.address(gradY)));
        backwardWeightsArgs.put(dnnl.DNNL_ARG_DIFF_WEIGHTS, convolutionGradient);
        backwardWeightsArgs.put(dnnl.DNNL_ARG_DIFF_BIAS, new memory(biasDesc, eng, arrays.address(gradSmallBias)));

        this.phasesToImage = new DepthToSpace(y, z, gradZ, gradY, rows.stride(), cols.stride());
    }

    void forward() {
        for (int i = 0; i < kernelSource.length; i++) {
            int from = kernelSource[i];
            smallKernel.put(i, from < 0 ? 0 : kernel.get((int) kernelOffset + from));
        }
        for (int i = 0; i < smallBiasLength; i++) {
            smallBias.put(i, bias.isPresent() ? bias.get().get((int) biasOffset + i % filters) : 0);
        }
        weightsForConvolution.execute(stream, userWeights, convolutionWeights);
        convolution.execute(stream, convolutionArgs);
        stream._wait();
        phasesToImage.toSpace();
    }

    /** The kernel's and the bias's gradients (not the input's: the deconvolution primitive's is fast). */
    void backwardWeights() {
        phasesToImage.toDepth();
        backwardWeights.execute(stream, backwardWeightsArgs);
        gradientToUser.execute(stream, convolutionGradient, userGradient);
        stream._wait();
        // Each tap of the kernel is one small tap of one phase: its gradient is that one's.
        for (int i = 0; i < kernelSource.length; i++) {
            int to = kernelSource[i];
            if (to >= 0) {
                gradKernel.put((int) gradKernelOffset + to, smallGradient.get(i));
            }
        }
        if (gradBias.isPresent()) {
            FloatBuffer g = gradBias.get();
            for (int f = 0; f < filters; f++) {
                float sum = 0;
                for (int phase = f; phase < smallBiasLength; phase += filters) {
                    sum += smallBiasGradient.get(phase);
                }
                g.put((int) gradBiasOffset + f, sum);
            }
        }
    }
}
