package dev.aec.compiler.types;

/**
 * Keras's shape arithmetic as pure functions. `same` padding gives ceil(in/stride); `valid`
 * gives floor((in-k)/stride)+1 and needs in >= k; upsampling multiplies.
 */
public final class ShapeRules {
    private ShapeRules() {
    }

    /** Padding as the rules see it (mirrors the model's enum, so `types` depends on nothing). */
    public enum Pad {
        SAME,
        VALID
    }

    /** Output length of a sliding window along one axis, or -1 when a valid window does not fit. */
    public static long windowOutput(long in, long kernel, long stride, Pad pad) {
        if (in <= 0 || kernel <= 0 || stride <= 0) {
            throw new IllegalArgumentException("sizes must be positive: in=" + in + " k=" + kernel + " s=" + stride);
        }
        return switch (pad) {
            case SAME -> (in + stride - 1) / stride;
            case VALID -> in < kernel ? -1 : (in - kernel) / stride + 1;
        };
    }

    /**
     * Output length of a transposed convolution along one axis, as Keras's `deconv_output_length`
     * without output padding: `same` gives in*stride; `valid` gives in*stride + max(kernel - stride, 0),
     * which is (in-1)*stride + kernel whenever the kernel is at least the stride.
     */
    public static long transposedOutput(long in, long kernel, long stride, Pad pad) {
        if (in <= 0 || kernel <= 0 || stride <= 0) {
            throw new IllegalArgumentException("sizes must be positive: in=" + in + " k=" + kernel + " s=" + stride);
        }
        return switch (pad) {
            case SAME -> Math.multiplyExact(in, stride);
            case VALID -> Math.addExact(Math.multiplyExact(in, stride), Math.max(kernel - stride, 0));
        };
    }

    /**
     * Keras's deconv_output_length with an output padding `extra` (0 <= extra < stride): the transposed
     * convolution's full length (in - 1) * stride + kernel, less 2 * (kernel / 2) with `same`, plus `extra`.
     */
    public static long transposedOutput(long in, long kernel, long stride, Pad pad, long extra) {
        if (in <= 0 || kernel <= 0 || stride <= 0 || extra < 0) {
            throw new IllegalArgumentException("sizes must be positive: in=" + in + " k=" + kernel + " s=" + stride
                    + " extra=" + extra);
        }
        long full = Math.addExact(Math.multiplyExact(in - 1, stride), kernel);
        return switch (pad) {
            case SAME -> full - 2 * (kernel / 2) + extra;
            case VALID -> full + extra;
        };
    }

    public static long upsampleOutput(long in, long factor) {
        return in * factor;
    }

    /** Keras Dense: in*out weights plus out biases. */
    public static long denseParams(long in, long units, boolean bias) {
        return Math.addExact(Math.multiplyExact(in, units), bias ? units : 0);
    }

    /** A Gaussian latent layer: two Dense layers with bias (mean and log-variance), as Keras's z_mean and z_log_var. */
    public static long gaussianParams(long in, long units) {
        return Math.multiplyExact(2, denseParams(in, units, true));
    }

    /** Keras Conv2D: kh*kw*cin*cout weights plus cout biases. */
    public static long conv2dParams(long kh, long kw, long cin, long filters, boolean bias) {
        long weights = Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(kh, kw), cin), filters);
        return Math.addExact(weights, bias ? filters : 0);
    }
}
