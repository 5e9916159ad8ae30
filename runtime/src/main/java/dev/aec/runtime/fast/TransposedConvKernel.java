package dev.aec.runtime.fast;

import dev.aec.compiler.model.Padding;
import java.util.Optional;
import java.util.OptionalLong;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A transposed convolution as Keras's `Conv2DTranspose(filters, kernel_size, strides, padding,
 * use_bias, output_padding)` with dilation 1: NHWC, a kernel `[kH, kW, filters, in]` (Keras
 * stores the output channels before the input ones for this layer), a bias `[filters]`. Input
 * pixel `(i, j)` adds `x[i, j, :] K[a, b, :, :]^T` to output pixel `(i*sH + a - padTop, j*sW + b - padLeft)`.
 *
 * <p>In float, oneDNN runs it ({@link DnnlDeconvolution}); in double, which oneDNN lacks and the
 * gradient checks use, plain loops over the arrays' memory, the reference the float kernel is
 * tested against.
 */
final class TransposedConvKernel implements Kernel {
    private final Runnable forward;
    private final Runnable backward;

    private TransposedConvKernel(Runnable forward, Runnable backward) {
        this.forward = forward;
        this.backward = backward;
    }

    /**
     * Keras's output length along one axis (`conv_utils.deconv_output_length`). Without an output
     * padding: `in * stride` for `same`, `in * stride + max(kernel - stride, 0)` for `valid`, which
     * is `(in - 1) * stride + kernel` only when the kernel is at least the stride. With an output
     * padding `extra` (below the stride): `(in - 1) * stride + kernel + extra`, less `2 * (kernel / 2)`
     * for `same`.
     */
    static long outputSize(long in, long kernel, long stride, Padding padding, OptionalLong extra) {
        if (extra.isPresent()) {
            long cut = padding == Padding.SAME ? 2 * (kernel / 2) : 0;
            return (in - 1) * stride + kernel - cut + extra.getAsLong();
        }
        return switch (padding) {
            case SAME -> in * stride;
            case VALID -> in * stride + Math.max(kernel - stride, 0);
        };
    }

    /**
     * Rows (or columns) cropped from the full output, `(in - 1) * stride + kernel` long, before and
     * after the `out` Keras keeps. TensorFlow computes `conv2d_transpose` as the input gradient of the
     * `conv2d` that maps the output back to the input with the same padding; that convolution pads
     * `max((in - 1) * stride + kernel - out, 0)` in all, the odd one after (`GetWindowedOutputSizeVerbose`,
     * TensorFlow's `framework/kernel_shape_util.cc`, which `Conv2DBackpropInput` calls with the
     * transposed convolution's output as its input). With `valid` padding that is 0. Where the output
     * is longer than the full one (a kernel shorter than the stride, or an output padding with
     * `valid`), the last rows are reached by no tap and hold only the bias.
     */
    static long[] cropping(long in, long kernel, long stride, long out) {
        long total = Math.max((in - 1) * stride + kernel - out, 0);
        return new long[] {total / 2, total - total / 2};
    }

    /**
     * @param in     the input [b, h, w, in]
     * @param kernel the weights [kH, kW, filters, in]
     * @param z      the output [b, oh, ow, filters], sized by {@link #outputSize}
     * @param extra  the output padding along rows and columns, if the layer has one
     * @param gradIn the input's gradient, when an earlier layer needs it
     */
    static TransposedConvKernel of(INDArray in, INDArray kernel, Optional<INDArray> bias, INDArray z, long[] strides,
                                   Padding padding, Optional<long[]> extra, INDArray gradZ, INDArray gradKernel, Optional<INDArray> gradBias,
                                   Optional<INDArray> gradIn) {
        if (bias.isPresent() != gradBias.isPresent()) {
            throw new IllegalArgumentException("a bias and its gradient come together");
        }
        for (int axis = 1; axis <= 2; axis++) {
            int along = axis - 1;
            OptionalLong axisExtra = extra.map(e -> OptionalLong.of(e[along])).orElse(OptionalLong.empty());
            long expected = outputSize(in.size(axis), kernel.size(along), strides[along], padding, axisExtra);
            if (z.size(axis) != expected) {
                throw new IllegalArgumentException("output axis " + axis + " is " + z.size(axis) + ", Keras gives " + expected);
            }
        }
        long[] rows = cropping(in.size(1), kernel.size(0), strides[0], z.size(1));
        long[] cols = cropping(in.size(2), kernel.size(1), strides[1], z.size(2));
        if (Dnnl.runs(in.dataType())) {
            DnnlDeconvolution deconv = new DnnlDeconvolution(in, kernel, bias, z, strides,
                    new long[] {rows[0], cols[0]}, new long[] {rows[1], cols[1]}, gradZ, gradKernel, gradBias, gradIn);
            return new TransposedConvKernel(deconv::forward, deconv::backward);
        }
        if (in.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("a transposed convolution runs in float (oneDNN) or double, not "
                    + in.dataType());
        }
        Loops loops = new Loops(in, kernel, bias, z, strides, rows[0], cols[0], gradZ, gradKernel, gradBias, gradIn);
        return new TransposedConvKernel(loops::forward, loops::backward);
    }

    @Override
    public void forward() {
        forward.run();
    }

    @Override
    public void backward() {
        backward.run();
    }

    /**
     * The definition written out as loops over double buffers that view the arrays' memory: slow,
     * but short enough to check by eye, and the finite-difference tests check it.
     */
    private static final class Loops {
        private final int b;
        private final int h;
        private final int w;
        private final int c;
        private final int oh;
        private final int ow;
        private final int f;
        private final int kh;
        private final int kw;
        private final int sh;
        private final int sw;
        private final int padTop;
        private final int padLeft;
        private final DoubleView x;
        private final DoubleView k;
        private final Optional<DoubleView> bias;
        private final DoubleView z;
        private final DoubleView gz;
        private final DoubleView gk;
        private final Optional<DoubleView> gb;
        private final Optional<DoubleView> gx;

        Loops(INDArray in, INDArray kernel, Optional<INDArray> bias, INDArray z, long[] strides, long padTop,
              long padLeft, INDArray gradZ, INDArray gradKernel, Optional<INDArray> gradBias,
              Optional<INDArray> gradIn) {
            this.b = Math.toIntExact(in.size(0));
            this.h = Math.toIntExact(in.size(1));
            this.w = Math.toIntExact(in.size(2));
            this.c = Math.toIntExact(in.size(3));
            this.oh = Math.toIntExact(z.size(1));
            this.ow = Math.toIntExact(z.size(2));
            this.f = Math.toIntExact(z.size(3));
            this.kh = Math.toIntExact(kernel.size(0));
            this.kw = Math.toIntExact(kernel.size(1));
            this.sh = Math.toIntExact(strides[0]);
            this.sw = Math.toIntExact(strides[1]);
            this.padTop = Math.toIntExact(padTop);
            this.padLeft = Math.toIntExact(padLeft);
            this.x = new DoubleView(in);
            this.k = new DoubleView(kernel);
            this.bias = bias.map(DoubleView::new);
            this.z = new DoubleView(z);
            this.gz = new DoubleView(gradZ);
            this.gk = new DoubleView(gradKernel);
            this.gb = gradBias.map(DoubleView::new);
            this.gx = gradIn.map(DoubleView::new);
        }

        void forward() {
            for (int n = 0; n < b; n++) {
                for (int p = 0; p < oh; p++) {
                    for (int q = 0; q < ow; q++) {
                        int at = ((n * oh + p) * ow + q) * f;
                        for (int o = 0; o < f; o++) {
                            z.put(at + o, bias.isPresent() ? bias.get().get(o) : 0);
                        }
                    }
                }
            }
            forEachTap((from, to, tap) -> {
                for (int o = 0; o < f; o++) {
                    double sum = 0;
                    for (int ci = 0; ci < c; ci++) {
                        sum += x.get(from + ci) * k.get(tap + o * c + ci);
                    }
                    z.put(to + o, z.get(to + o) + sum);
                }
            });
        }

        void backward() {
            gk.fill(0);
            gx.ifPresent(g -> g.fill(0));
            gb.ifPresent(g -> {
                g.fill(0);
                for (int at = 0; at < b * oh * ow; at++) {
                    for (int o = 0; o < f; o++) {
                        g.put(o, g.get(o) + gz.get(at * f + o));
                    }
                }
            });
            forEachTap((from, to, tap) -> {
                for (int o = 0; o < f; o++) {
                    double g = gz.get(to + o);
                    for (int ci = 0; ci < c; ci++) {
                        gk.put(tap + o * c + ci, gk.get(tap + o * c + ci) + g * x.get(from + ci));
                    }
                    if (gx.isPresent()) {
                        DoubleView gi = gx.get();
                        for (int ci = 0; ci < c; ci++) {
                            gi.put(from + ci, gi.get(from + ci) + g * k.get(tap + o * c + ci));
                        }
                    }
                }
            });
        }

        /** One kernel tap joining an input position and an output position the crop keeps. */
        private interface Tap {
            void at(int from, int to, int tap);
        }

        /**
         * Every (input position, kernel tap) whose output position survives the crop, with the offsets of
         * the input's channels, the output's filters and the tap's [filters, channels] block: the forward
         * pass and both gradients walk the same taps.
         */
        private void forEachTap(Tap visit) {
            for (int n = 0; n < b; n++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        int from = ((n * h + i) * w + j) * c;
                        for (int a = 0; a < kh; a++) {
                            int p = i * sh + a - padTop;
                            if (p < 0 || p >= oh) {
                                continue;
                            }
                            for (int d = 0; d < kw; d++) {
                                int q = j * sw + d - padLeft;
                                if (q >= 0 && q < ow) {
                                    visit.at(from, ((n * oh + p) * ow + q) * f, (a * kw + d) * f * c);
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
