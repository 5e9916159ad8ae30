package dev.aec.runtime.fast;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

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
 * single-channel plane, and the gradients are one or two products with the taps as a dimension:
 *
 * <pre>
 * z[b,h,w,o] = sum over i,j,c of x[b, h+i-p, w+j-p, c] W[i,j,c,o]      (p: the same-padding offset)
 * one input channel:  dW[(i,j), o] = sum over b,h,w of x[b, h+i-p, w+j-p] gz[b,h,w,o]
 * one output channel: with A[(i,j)][b,h,w] = gz[b, h-i+p, w-j+p],
 *                     dW[(i,j), c] = A . x   and   dx[b,h,w,c] = A^T . W
 * </pre>
 */
final class ShiftedConvBackward implements Runnable {
    private final INDArray interior;
    private final INDArray source;
    private final INDArray[] tapViews;
    private final INDArray[] tapRows;
    private final Runnable products;

    private ShiftedConvBackward(INDArray interior, INDArray source, INDArray[] tapViews, INDArray[] tapRows,
                                Runnable products) {
        this.interior = interior;
        this.source = source;
        this.tapViews = tapViews;
        this.tapRows = tapRows;
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
        long b = in.size(0);
        long inH = in.size(1);
        long inW = in.size(2);
        long cin = in.size(3);
        long outH = gradZ.size(1);
        long outW = gradZ.size(2);
        long cout = gradZ.size(3);
        int taps = kH * kW;
        INDArray dW = gradKernel.reshape('c', taps, cin * cout);
        if (layer.filters() == 1) {
            // A[(i,j)] = gz shifted by (i - p, j - p), read from gz placed in a zero border.
            INDArray padded = Nd4j.create(gradZ.dataType(), b, inH + kH - 1, inW + kW - 1);
            int qH = kH - 1 - pH;
            int qW = kW - 1 - pW;
            INDArray interior = padded.get(all(), interval(qH, qH + outH), interval(qW, qW + outW));
            INDArray taps2 = Nd4j.create(gradZ.dataType(), taps, b * inH * inW);
            INDArray[] views = new INDArray[taps];
            INDArray[] rows = new INDArray[taps];
            for (int i = 0; i < kH; i++) {
                for (int j = 0; j < kW; j++) {
                    int t = i * kW + j;
                    views[t] = padded.get(all(), interval(kH - 1 - i, kH - 1 - i + inH),
                            interval(kW - 1 - j, kW - 1 - j + inW));
                    rows[t] = taps2.getRow(t).reshape('c', b, inH, inW);
                }
            }
            INDArray x = in.reshape('c', b * inH * inW, cin);
            INDArray w = kernel.reshape('c', taps, cin);
            INDArray g = gradZ.reshape('c', b, outH, outW);
            Optional<INDArray> dx = gradIn.map(a -> a.reshape('c', b * inH * inW, cin));
            return new ShiftedConvBackward(interior, g, views, rows, () -> {
                Nd4j.gemm(taps2, x, dW, false, false, 1.0, 0.0);
                dx.ifPresent(d -> Nd4j.gemm(taps2, w, d, true, false, 1.0, 0.0));
                gradBias.ifPresent(db -> db.assign(g.sumNumber()));
            });
        }
        // One input channel, no input gradient: the taps are shifted copies of the input.
        INDArray padded = Nd4j.create(in.dataType(), b, outH + kH - 1, outW + kW - 1);
        INDArray interior = padded.get(all(), interval(pH, pH + inH), interval(pW, pW + inW));
        INDArray taps2 = Nd4j.create(in.dataType(), taps, b * outH * outW);
        INDArray[] views = new INDArray[taps];
        INDArray[] rows = new INDArray[taps];
        for (int i = 0; i < kH; i++) {
            for (int j = 0; j < kW; j++) {
                int t = i * kW + j;
                views[t] = padded.get(all(), interval(i, i + outH), interval(j, j + outW));
                rows[t] = taps2.getRow(t).reshape('c', b, outH, outW);
            }
        }
        INDArray g = gradZ.reshape('c', b * outH * outW, cout);
        return new ShiftedConvBackward(interior, in.reshape('c', b, inH, inW), views, rows, () -> {
            Nd4j.gemm(taps2, g, dW, false, false, 1.0, 0.0);
            gradBias.ifPresent(db -> g.sum(db, 0));
        });
    }

    @Override
    public void run() {
        interior.assign(source);
        for (int t = 0; t < tapViews.length; t++) {
            tapRows[t].assign(tapViews[t]);
        }
        products.run();
    }
}
