package dev.aec.runtime.fast;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.reorder;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The copy between a sub-pixel convolution's phases and the image they make, both ways:
 * `z[b, s*h + a, s'*w + d, f] = y[b, h + a*shift, w + d*shift', (a, d, f)]` and back for the
 * gradients, where phase `a` may start `shift` positions further into the phases' array than the
 * one before (see {@link UpsampledConvKernel.Axis}). In float it is oneDNN reorders, which see
 * both arrays with their own strides and copy them with vector instructions on every thread; in
 * double, a {@link RunCopy}. On 100 x 14x14x(2, 2, 1) -> 28x28x1, the tutorial decoder's last
 * layer, the run copy took 0.22 ms (runs of two floats), one reorder 0.01 ms. The phases'
 * gradient is written only where a phase has an output: positions a shift leaves unread keep the
 * zeros they were created with.
 */
final class DepthToSpace {
    private final NativeArrays arrays = new NativeArrays();
    private final Runnable toSpace;
    private final Runnable toDepth;

    /** Phases that all start at the same position. */
    DepthToSpace(INDArray y, INDArray z, INDArray gradZ, INDArray gradY, int rowScale, int colScale) {
        this(y, z, gradZ, gradY, rowScale, colScale, 0, 0);
    }

    /**
     * @param y     the phases [b, h + (s - 1) * shift, w + (s' - 1) * shift', (a, d, f)]
     * @param z     the image [b, s*h, s'*w, f]
     * @param gradZ the image's gradient, shaped as `z`
     * @param gradY the phases' gradient, shaped as `y`, zero where no phase has an output
     */
    DepthToSpace(INDArray y, INDArray z, INDArray gradZ, INDArray gradY, int rowScale, int colScale, int rowShift,
                 int colShift) {
        long b = z.size(0);
        long f = z.size(3);
        if (z.size(1) % rowScale != 0 || z.size(2) % colScale != 0) {
            throw new IllegalArgumentException("the image is not a whole number of phases");
        }
        long h = z.size(1) / rowScale;
        long w = z.size(2) / colScale;
        long gridH = h + (long) (rowScale - 1) * rowShift;
        long gridW = w + (long) (colScale - 1) * colShift;
        long channels = (long) rowScale * colScale * f;
        if (y.size(0) != b || y.size(1) != gridH || y.size(2) != gridW || y.size(3) != channels) {
            throw new IllegalArgumentException("the phases and the image do not match");
        }
        if (Dnnl.runsOn(y, z, gradZ, gradY)) {
            Dnnl onednn = Dnnl.CPU.orElseThrow();
            long phases = arrays.address(y).address();
            long image = arrays.address(z).address();
            long phaseGradients = arrays.address(gradY).address();
            long imageGradient = arrays.address(gradZ).address();
            long width = w * colScale;
            List<Runnable> spread = new ArrayList<>();
            List<Runnable> gather = new ArrayList<>();
            if (rowShift == 0 && colShift == 0) {
                // One reorder: both arrays as the same six axes (b, h, a, w, d, f), 0.01 ms on the
                // tutorial decoder's last layer against 0.02 for one per phase.
                long[] dims = {b, h, rowScale, w, colScale, f};
                memory.desc phase = new memory.desc(dims, memory.data_type.f32,
                        new long[] {gridH * gridW * channels, gridW * channels, colScale * f, channels, f, 1});
                memory.desc pixels = new memory.desc(dims, memory.data_type.f32,
                        new long[] {h * rowScale * width * f, rowScale * width * f, width * f, colScale * f, f, 1});
                spread.add(reorder(onednn, phase, NativeArrays.at(phases), pixels, NativeArrays.at(image)));
                gather.add(reorder(onednn, pixels, NativeArrays.at(imageGradient), phase,
                        NativeArrays.at(phaseGradients)));
            } else {
                // One reorder per phase: oneDNN refuses a six-axis view of shifted phases, whose
                // strides are not nested (phase a's rows start `shift` rows further on).
                long[] dims = {b, h, w, f};
                memory.desc phase = new memory.desc(dims, memory.data_type.f32,
                        new long[] {gridH * gridW * channels, gridW * channels, channels, 1});
                memory.desc pixels = new memory.desc(dims, memory.data_type.f32,
                        new long[] {h * rowScale * width * f, rowScale * width * f, colScale * f, 1});
                for (int a = 0; a < rowScale; a++) {
                    for (int d = 0; d < colScale; d++) {
                        long inPhases = Float.BYTES * (((long) a * rowShift * gridW + (long) d * colShift) * channels
                                + ((long) a * colScale + d) * f);
                        long inImage = Float.BYTES * ((a * width + d) * f);
                        spread.add(reorder(onednn, phase, NativeArrays.at(phases + inPhases), pixels,
                                NativeArrays.at(image + inImage)));
                        gather.add(reorder(onednn, pixels, NativeArrays.at(imageGradient + inImage), phase,
                                NativeArrays.at(phaseGradients + inPhases)));
                    }
                }
            }
            this.toSpace = () -> run(onednn, spread);
            this.toDepth = () -> run(onednn, gather);
        } else {
            RunCopy.Runs space = new RunCopy.Runs();
            RunCopy.Runs depth = new RunCopy.Runs();
            for (int n = 0; n < b; n++) {
                for (int row = 0; row < h; row++) {
                    for (int a = 0; a < rowScale; a++) {
                        for (int col = 0; col < w; col++) {
                            for (int d = 0; d < colScale; d++) {
                                int phase = Math.toIntExact((((n * gridH + row + (long) a * rowShift) * gridW + col
                                        + (long) d * colShift) * channels + ((long) a * colScale + d) * f));
                                int pixel = Math.toIntExact((((long) n * h * rowScale + (long) rowScale * row + a)
                                        * w * colScale + (long) colScale * col + d) * f);
                                space.add(phase, pixel, (int) f);
                                depth.add(pixel, phase, (int) f);
                            }
                        }
                    }
                }
            }
            this.toSpace = space.build(y, z);
            this.toDepth = depth.build(gradZ, gradY);
        }
    }

    /** Spreads the phases into the image. */
    void toSpace() {
        toSpace.run();
    }

    /** Gathers the image's gradient into the phases' gradient. */
    void toDepth() {
        toDepth.run();
    }

    /** A reorder queued on the stream; {@link #run} waits for all of them. */
    private static Runnable reorder(Dnnl onednn, memory.desc fromDesc, Pointer from, memory.desc toDesc, Pointer to) {
        engine eng = onednn.cpu();
        memory source = new memory(fromDesc, eng, from);
        memory destination = new memory(toDesc, eng, to);
        reorder copy = new reorder(source, destination);
        return () -> copy.execute(onednn.queue(), source, destination);
    }

    private static void run(Dnnl onednn, List<Runnable> reorders) {
        for (Runnable r : reorders) {
            r.run();
        }
        onednn.queue()._wait();
    }
}
