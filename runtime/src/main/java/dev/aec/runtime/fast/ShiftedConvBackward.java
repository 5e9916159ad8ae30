package dev.aec.runtime.fast;

import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.Padding;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The backward pass of a stride-1 convolution with one channel on a side, as matrix products over
 * the kernel's taps. oneDNN's `conv2d_bp` spends 15-45 ms per step on the tutorial's first layer
 * (1 -> 16 channels, and it always computes the input gradient nobody needs) and on its last
 * (16 -> 1): a third of the conv autoencoder's step. Here each tap (i, j) is one shifted copy of a
 * single-channel plane (built by a {@link RunCopy}, zeros where the shift leaves the plane), and the
 * gradients are one or two products with the taps as a dimension:
 *
 * <pre>
 * z[b,h,w,o] = sum over i,j,c of x[b, h+i-p, w+j-p, c] W[i,j,c,o]      (p: the same-padding offset)
 * one input channel:  dW[(i,j), o] = sum over b,h,w of x[b, h+i-p, w+j-p] gz[b,h,w,o]
 * one output channel: with A[(i,j)][b,h,w] = gz[b, h-i+p, w-j+p],
 *                     dW[(i,j), c] = A . x   and   dx[b,h,w,c] = A^T . W
 * </pre>
 */
final class ShiftedConvBackward implements Runnable {
    private final RunCopy taps;
    private final Runnable products;

    private ShiftedConvBackward(RunCopy taps, Runnable products) {
        this.taps = taps;
        this.products = products;
    }

    /** Whether {@link #of} covers this layer with these gradients to compute. */
    static boolean covers(Layer.Conv2d layer, long inChannels, boolean needsInputGradient) {
        boolean stride1 = layer.stride().rows() == 1 && layer.stride().cols() == 1;
        return stride1 && (layer.filters() == 1 || inChannels == 1 && !needsInputGradient);
    }

    static ShiftedConvBackward of(Layer.Conv2d layer, INDArray in, INDArray kernel, INDArray gradZ,
                                  INDArray gradKernel, Optional<INDArray> gradBias, Optional<INDArray> gradIn) {
        int kH = layer.kernel().rows();
        int kW = layer.kernel().cols();
        boolean same = layer.padding() == Padding.SAME;
        int pH = same ? (kH - 1) / 2 : 0;
        int pW = same ? (kW - 1) / 2 : 0;
        int b = Math.toIntExact(in.size(0));
        int inH = Math.toIntExact(in.size(1));
        int inW = Math.toIntExact(in.size(2));
        long cin = in.size(3);
        int outH = Math.toIntExact(gradZ.size(1));
        int outW = Math.toIntExact(gradZ.size(2));
        long cout = gradZ.size(3);
        int taps = kH * kW;
        INDArray dW = gradKernel.reshape('c', taps, cin * cout);
        if (layer.filters() == 1) {
            // A[(i,j)][b,h,w] = gz[b, h - i + p, w - j + p] over the input's grid.
            INDArray tapRows = Nd4j.create(gradZ.dataType(), taps, (long) b * inH * inW);
            RunCopy copy = shifts(gradZ, outH, outW, tapRows, b, inH, inW, kH, kW, (i, j) -> new int[] {pH - i, pW - j});
            INDArray x = in.reshape('c', (long) b * inH * inW, cin);
            INDArray w = kernel.reshape('c', taps, cin);
            Optional<INDArray> dx = gradIn.map(a -> a.reshape('c', (long) b * inH * inW, cin));
            Optional<ColumnSums> db = gradBias.map(d -> new ColumnSums(gradZ.reshape('c', (long) b * outH * outW, 1), d));
            return new ShiftedConvBackward(copy, () -> {
                Nd4j.gemm(tapRows, x, dW, false, false, 1.0, 0.0);
                dx.ifPresent(d -> Nd4j.gemm(tapRows, w, d, true, false, 1.0, 0.0));
                db.ifPresent(ColumnSums::run);
            });
        }
        // One input channel, no input gradient: tap (i, j) is x[b, h + i - p, w + j - p] over the output's grid.
        INDArray tapRows = Nd4j.create(in.dataType(), taps, (long) b * outH * outW);
        RunCopy copy = shifts(in, inH, inW, tapRows, b, outH, outW, kH, kW, (i, j) -> new int[] {i - pH, j - pW});
        INDArray g = gradZ.reshape('c', (long) b * outH * outW, cout);
        Optional<ColumnSums> db = gradBias.map(d -> new ColumnSums(g, d));
        return new ShiftedConvBackward(copy, () -> {
            Nd4j.gemm(tapRows, g, dW, false, false, 1.0, 0.0);
            db.ifPresent(ColumnSums::run);
        });
    }

    /** The (row, column) shift of tap (i, j). */
    private interface Shift {
        int[] of(int i, int j);
    }

    /**
     * Row t = (i, j) of `tapRows` is the plane `source` [b, sH, sW] shifted onto a [b, rows, cols]
     * grid: tapRows[t][b, h, w] = source[b, h + dh, w + dw] with (dh, dw) = shift(i, j), zero off the plane.
     */
    private static RunCopy shifts(INDArray source, int sH, int sW, INDArray tapRows, int b, int rows, int cols,
                                  int kH, int kW, Shift shift) {
        RunCopy.Runs runs = new RunCopy.Runs();
        for (int i = 0; i < kH; i++) {
            for (int j = 0; j < kW; j++) {
                int[] d = shift.of(i, j);
                int wLo = Math.max(0, -d[1]);
                int wHi = Math.min(cols, sW - d[1]);
                int tap = (i * kW + j) * b * rows * cols;
                for (int n = 0; n < b; n++) {
                    for (int h = Math.max(0, -d[0]); h < Math.min(rows, sH - d[0]); h++) {
                        runs.add((n * sH + h + d[0]) * sW + wLo + d[1], tap + (n * rows + h) * cols + wLo, wHi - wLo);
                    }
                }
            }
        }
        return runs.build(source, tapRows);
    }

    @Override
    public void run() {
        taps.run();
        products.run();
    }
}
