package dev.aec.runtime.fast;

import dev.aec.compiler.layers.Conv2d;
import dev.aec.compiler.layers.Upsample;
import dev.aec.compiler.model.Padding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A stride-1 convolution of a nearest-neighbour upsampling, run as one convolution of the small
 * input (the "sub-pixel" form). Output pixel (s*h + a, s*w + d) of the convolution only ever reads
 * small pixels near (h, w), so each phase (a, d) is a convolution of the small input with a kernel
 * whose taps are sums of the original taps. The phases become s*s times the output channels of one
 * convolution, followed by a depth-to-space copy:
 *
 * <pre>
 * y[b, m, n, (a, d, o)] = sum over i', j', c of x[b, m + i' + first, n + j' + first, c] K'[i', j', c, (a, d, o)]
 * z[b, s*h + a, s*w + d, o] = y[b, h + a*shift, w + d*shift, (a, d, o)]
 * K'[i', j', c, (a, d, o)] = sum of K[i, j, c, o] over the taps with floor((a + i - p) / s) = i' + first + a*shift,
 *                            same in j
 * </pre>
 *
 * On the tutorial's decoder this replaces upsampling a 14x14x16 batch to 28x28x16 (2 ms forward,
 * 1.3 ms back) and the convolution over it. The upsampled array is never made; the kernel mapping,
 * K' = M K and dK = M^T dK', is one small matrix product each way.
 */
final class UpsampledConvKernel implements Kernel {
    private final Runnable forward;
    private final Runnable backward;

    /**
     * How one axis maps. Phase `a` reads `taps` small taps from offset `first + a * shift`, and its
     * `outSize` outputs are the convolution's outputs `a * shift ..`: the convolution runs over
     * `grid()` positions. With `shift` 0 every phase reads the same taps, some of them zero for some
     * phases; a shift lets each phase read only its own. A 3-tap kernel upsampled by 2 with `same`
     * padding reads small taps -1..0 in phase 0 and 0..1 in phase 1: as 3 taps shared, 2.25 times
     * the products it needs; as 2 taps shifted by one, 15/14 of them on the tutorial's 14x14
     * (oneDNN: 0.40 and 0.51 ms forward and back against 0.22 and 0.28, 2 cores of an AMD EPYC).
     */
    record Axis(int scale, int kernel, int padBefore, int first, int taps, int shift, int outSize) {
        /** The small offset tap i of the original kernel reads for phase a. */
        int offset(int a, int i) {
            return Math.floorDiv(a + i - padBefore, scale);
        }

        /** Tap i of the original kernel in phase a, counted from that phase's first small tap. */
        int tapInPhase(int a, int i) {
            return offset(a, i) - first - a * shift;
        }

        /** The positions the convolution computes: every phase's outputs, each shifted by its own. */
        int grid() {
            return outSize + (scale - 1) * shift;
        }
    }

    /**
     * The geometry of one axis, each phase reading only its own taps where the phases read equally
     * many evenly shifted (see {@link Axis}), else all reading the same; empty where neither is a
     * convolution padded alike on both sides.
     */
    static Optional<Axis> axis(int scale, int kernel, Padding padding, int smallSize) {
        int padBefore = padding == Padding.SAME ? (kernel - 1) / 2 : 0;
        int out = padding == Padding.SAME ? scale * smallSize : scale * smallSize - kernel + 1;
        if (out <= 0 || out % scale != 0) {
            return Optional.empty();
        }
        int outSize = out / scale;
        int[] firsts = new int[scale];
        int[] lasts = new int[scale];
        for (int a = 0; a < scale; a++) {
            firsts[a] = Math.floorDiv(a - padBefore, scale);
            lasts[a] = Math.floorDiv(a + kernel - 1 - padBefore, scale);
        }
        int shift = scale > 1 ? firsts[1] - firsts[0] : 0;
        boolean evenlyShifted = true;
        for (int a = 0; a < scale; a++) {
            evenlyShifted &= lasts[a] - firsts[a] == lasts[0] - firsts[0] && firsts[a] == firsts[0] + a * shift;
        }
        List<Axis> candidates = new ArrayList<>();
        if (evenlyShifted) {
            candidates.add(new Axis(scale, kernel, padBefore, firsts[0], lasts[0] - firsts[0] + 1, shift, outSize));
        }
        candidates.add(new Axis(scale, kernel, padBefore, firsts[0], lasts[scale - 1] - firsts[0] + 1, 0, outSize));
        // libnd4j pads both sides alike: the last position must read exactly as far past the end.
        return candidates.stream()
                .filter(axis -> axis.grid() - 1 + axis.first() + axis.taps() - 1 - (smallSize - 1) == -axis.first())
                .findFirst();
    }

    /** Whether {@link UpsampledConvKernel} covers this upsampling followed by this convolution. */
    static boolean covers(Upsample up, Conv2d conv, long smallH, long smallW) {
        return conv.stride().rows() == 1 && conv.stride().cols() == 1
                && axis(up.size().rows(), conv.kernel().rows(), conv.padding(), (int) smallH).isPresent()
                && axis(up.size().cols(), conv.kernel().cols(), conv.padding(), (int) smallW).isPresent();
    }

    /**
     * @param x      the upsampling's input [b, h, w, c]
     * @param z      the convolution's output (pre-activation) [b, oh, ow, o]
     * @param gradIn the gradient of `x`, when an earlier layer needs it
     */
    UpsampledConvKernel(Upsample up, Conv2d conv, INDArray x, INDArray z, INDArray kernel,
                        Optional<INDArray> bias, INDArray gradZ, INDArray gradKernel, Optional<INDArray> gradBias,
                        Optional<INDArray> gradIn) {
        DataType type = x.dataType();
        int b = Math.toIntExact(x.size(0));
        int c = Math.toIntExact(x.size(3));
        int o = conv.filters();
        Axis rows = axis(up.size().rows(), conv.kernel().rows(), conv.padding(), (int) x.size(1)).orElseThrow();
        Axis cols = axis(up.size().cols(), conv.kernel().cols(), conv.padding(), (int) x.size(2)).orElseThrow();
        int phases = rows.scale() * cols.scale();
        int smallTaps = rows.taps() * cols.taps();

        // M[(a, d, i', j'), (i, j)] = 1 where tap (i, j) lands on small tap (i', j') in phase (a, d).
        INDArray mixing = Nd4j.create(type, (long) phases * smallTaps, (long) rows.kernel() * cols.kernel());
        for (int a = 0; a < rows.scale(); a++) {
            for (int d = 0; d < cols.scale(); d++) {
                for (int i = 0; i < rows.kernel(); i++) {
                    for (int j = 0; j < cols.kernel(); j++) {
                        int row = ((a * cols.scale() + d) * rows.taps() + rows.tapInPhase(a, i)) * cols.taps()
                                + cols.tapInPhase(d, j);
                        mixing.putScalar(row, (long) i * cols.kernel() + j, 1.0);
                    }
                }
            }
        }
        INDArray kernelMatrix = kernel.reshape('c', (long) rows.kernel() * cols.kernel(), (long) c * o);
        INDArray gradKernelMatrix = gradKernel.reshape('c', (long) rows.kernel() * cols.kernel(), (long) c * o);
        // The product's layout [(a, d, i', j'), (c, o)] and the convolution's [i', j', c, (a, d, o)].
        INDArray phaseMajor = Nd4j.create(type, (long) phases * smallTaps, (long) c * o);
        INDArray smallKernel = Nd4j.create(type, rows.taps(), cols.taps(), c, (long) phases * o);
        INDArray gradPhaseMajor = phaseMajor.ulike();
        INDArray gradSmallKernel = smallKernel.ulike();
        RunCopy.Runs toConv = new RunCopy.Runs();
        RunCopy.Runs fromConv = new RunCopy.Runs();
        for (int phase = 0; phase < phases; phase++) {
            for (int t = 0; t < smallTaps; t++) {
                for (int ch = 0; ch < c; ch++) {
                    int major = ((phase * smallTaps + t) * c + ch) * o;
                    int conv2d = ((t * c + ch) * phases + phase) * o;
                    toConv.add(major, conv2d, o);
                    fromConv.add(conv2d, major, o);
                }
            }
        }
        RunCopy kernelToConv = toConv.build(phaseMajor, smallKernel);
        RunCopy gradKernelFromConv = fromConv.build(gradSmallKernel, gradPhaseMajor);

        // The bias repeats per phase: b'[(a, d), o] = b[o]; its gradient sums over the phases.
        INDArray onesColumn = Nd4j.ones(type, phases, 1);
        Optional<INDArray> smallBias = bias.map(unused -> Nd4j.create(type, (long) phases * o));
        Optional<INDArray> gradSmallBias = smallBias.map(INDArray::ulike);
        Optional<ColumnSums> gradBiasSums = gradBias.map(g -> new ColumnSums(gradSmallBias.get().reshape('c', phases, o), g));
        Optional<INDArray> biasRow = bias.map(v -> v.reshape('c', 1, o));
        Optional<INDArray> smallBiasRows = smallBias.map(v -> v.reshape('c', phases, o));

        INDArray y = Nd4j.create(type, b, rows.grid(), cols.grid(), (long) phases * o);
        // Zeros: where a shift leaves a phase without an output, its gradient is never written.
        INDArray gradY = Nd4j.zeros(type, y.shape());
        DepthToSpace phasesToImage = new DepthToSpace(y, z, gradZ, gradY, rows.scale(), cols.scale(),
                rows.shift(), cols.shift());

        long[] pad = {-rows.first(), -cols.first()};
        Conv2DConfig config = Conv2DConfig.builder()
                .kH(rows.taps()).kW(cols.taps()).sH(1).sW(1).dH(1).dW(1)
                .pH(pad[0]).pW(pad[1]).paddingMode(PaddingMode.VALID)
                .dataFormat("NHWC").weightsFormat(WeightsFormat.YXIO)
                .build();
        ConvKernel convolution = ConvKernel.of(config, pad, pad, x, y, smallKernel, smallBias, gradY, gradSmallKernel,
                gradSmallBias, gradIn);

        this.forward = () -> {
            Nd4j.gemm(mixing, kernelMatrix, phaseMajor, false, false, 1.0, 0.0);
            kernelToConv.run();
            smallBiasRows.ifPresent(sb -> Nd4j.gemm(onesColumn, biasRow.get(), sb, false, false, 1.0, 0.0));
            convolution.forward();
            phasesToImage.toSpace();
        };
        this.backward = () -> {
            phasesToImage.toDepth();
            convolution.backward();
            gradKernelFromConv.run();
            Nd4j.gemm(mixing, gradPhaseMajor, gradKernelMatrix, true, false, 1.0, 0.0);
            gradBiasSums.ifPresent(ColumnSums::run);
        };
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
