package dev.aec.runtime.fast;

import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation as Keras's `BatchNormalization(axis=-1)`, over the last axis of an NHWC
 * array or of a `[n, c]` one: `y = gamma (x - mean) / sqrt(variance + epsilon) + beta`. In
 * training mode the mean and the biased variance are the batch's, the backward pass differentiates
 * through them, and each forward pass moves the moving statistics towards them; in inference mode
 * the moving statistics are read and are constants.
 *
 * <p>In float, oneDNN runs it ({@link DnnlBatchNorm}); in double, plain loops, the reference the
 * float kernel is tested against.
 */
final class BatchNormKernel implements Kernel {
    /** Keras's defaults. */
    static final double MOMENTUM = 0.99;
    static final double EPSILON = 1e-3;

    enum Mode {
        TRAINING,
        INFERENCE
    }

    /**
     * Which batch variance the moving variance averages. Keras 2.x normalises with the biased
     * variance in both of its code paths but disagrees with itself on the moving average
     * (`keras/layers/normalization/batch_normalization.py`, TensorFlow 2.x): a rank-4 input takes
     * the fused path (`fused=None` becomes `ndims in (4, 5)` in `build`), whose
     * `tf.nn.fused_batch_norm` updates the running variance with the batch variance times n/(n-1)
     * (`rest_size_adjust`, "Bessel's correction", in TensorFlow's CPU kernel
     * `core/kernels/fused_batch_norm_op.cc`; the layer's `_maybe_add_or_remove_bessels_correction`
     * that would undo it returns early, as `_bessels_correction_test_only` is set to True in
     * `__init__`); any other rank takes the non-fused path, which averages the biased variance of
     * `tf.nn.moments`.
     */
    enum MovingVariance {
        BESSEL_CORRECTED,
        BIASED;

        /** What Keras does for an input of this rank, batch axis included. */
        static MovingVariance keras(int rank) {
            return rank == 4 || rank == 5 ? BESSEL_CORRECTED : BIASED;
        }

        /**
         * The batch variance's factor over `n` values per channel. As TensorFlow's fused kernel, a
         * single value per channel has no correction to apply.
         */
        double factor(long n) {
            return this == BESSEL_CORRECTED && n > 1 ? (double) n / (n - 1) : 1;
        }
    }

    private final Runnable normalise;
    private final Runnable backward;
    private final Mode mode;
    private final double momentum;
    private final double correction;
    private final INDArray movingMean;
    private final INDArray movingVariance;
    private final INDArray batchMean;
    private final INDArray batchVariance;
    private final long channels;

    private BatchNormKernel(Runnable normalise, Runnable backward, Mode mode, double momentum, double correction,
                            INDArray movingMean, INDArray movingVariance, INDArray batchMean, INDArray batchVariance) {
        this.normalise = normalise;
        this.backward = backward;
        this.mode = mode;
        this.momentum = momentum;
        this.correction = correction;
        this.movingMean = movingMean;
        this.movingVariance = movingVariance;
        this.batchMean = batchMean;
        this.batchVariance = batchVariance;
        this.channels = batchMean.length();
    }

    /**
     * @param x      the input [n, h, w, c] or [n, c]
     * @param gamma  the scale [c], `beta` the shift [c]
     * @param movingMean the moving statistics [c], updated by each training-mode forward pass
     * @param y      the output, shaped as `x`
     * @param gradIn the input's gradient, when an earlier layer needs it
     */
    static BatchNormKernel of(INDArray x, INDArray gamma, INDArray beta, INDArray movingMean, INDArray movingVariance,
                              INDArray y, double momentum, double epsilon, Mode mode, MovingVariance kind,
                              INDArray gradY, INDArray gradGamma, INDArray gradBeta, Optional<INDArray> gradIn) {
        long c = x.size(x.rank() - 1);
        long n = x.length() / c;
        if (gamma.length() != c || beta.length() != c || movingMean.length() != c || movingVariance.length() != c) {
            throw new IllegalArgumentException("batch normalisation of " + c + " channels with parameters of "
                    + gamma.length() + ", " + beta.length() + ", " + movingMean.length() + ", "
                    + movingVariance.length());
        }
        double correction = kind.factor(n);
        boolean training = mode == Mode.TRAINING;
        INDArray batchMean = movingMean.ulike();
        INDArray batchVariance = movingVariance.ulike();
        INDArray mean = training ? batchMean : movingMean;
        INDArray variance = training ? batchVariance : movingVariance;
        if (Dnnl.runs(x.dataType())) {
            DnnlBatchNorm norm = new DnnlBatchNorm(x, gamma, beta, y, mean, variance, (float) epsilon, training, gradY,
                    gradGamma, gradBeta, gradIn.orElseGet(x::ulike));
            return new BatchNormKernel(norm::forward, norm::backward, mode, momentum, correction, movingMean,
                    movingVariance, batchMean, batchVariance);
        }
        if (x.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("batch normalisation runs in float (oneDNN) or double, not "
                    + x.dataType());
        }
        Loops loops = new Loops(x, gamma, beta, y, mean, variance, epsilon, training, gradY, gradGamma, gradBeta,
                gradIn);
        return new BatchNormKernel(loops::forward, loops::backward, mode, momentum, correction, movingMean,
                movingVariance, batchMean, batchVariance);
    }

    @Override
    public void forward() {
        normalise.run();
        if (mode == Mode.TRAINING) {
            // Keras's `_assign_moving_average`, moving -= (moving - batch) * (1 - momentum), element by
            // element: on a few dozen channels, four ND4J ops cost more than the normalisation itself.
            double varianceWeight = (1 - momentum) * correction;
            for (long k = 0; k < channels; k++) {
                movingMean.putScalar(k, momentum * movingMean.getDouble(k) + (1 - momentum) * batchMean.getDouble(k));
                movingVariance.putScalar(k, momentum * movingVariance.getDouble(k)
                        + varianceWeight * batchVariance.getDouble(k));
            }
        }
    }

    @Override
    public void backward() {
        backward.run();
    }

    /** The last training-mode forward pass's batch mean. */
    INDArray batchMean() {
        return batchMean;
    }

    /** The last training-mode forward pass's biased batch variance. */
    INDArray batchVariance() {
        return batchVariance;
    }

    /**
     * The definition as loops over double buffers. Backward in training mode, with `xhat` the
     * normalised input and N the values per channel:
     * `dx = gamma / (N sqrt(var + eps)) (N dy - sum dy - xhat sum(dy xhat))`.
     */
    private static final class Loops {
        private final int n;
        private final int c;
        private final DoubleView x;
        private final DoubleView gamma;
        private final DoubleView beta;
        private final DoubleView y;
        private final DoubleView mean;
        private final DoubleView variance;
        private final double epsilon;
        private final boolean training;
        private final DoubleView gradY;
        private final DoubleView gradGamma;
        private final DoubleView gradBeta;
        private final Optional<DoubleView> gradIn;
        private final double[] inverseDeviation;

        Loops(INDArray x, INDArray gamma, INDArray beta, INDArray y, INDArray mean, INDArray variance, double epsilon,
              boolean training, INDArray gradY, INDArray gradGamma, INDArray gradBeta, Optional<INDArray> gradIn) {
            this.c = Math.toIntExact(gamma.length());
            this.n = Math.toIntExact(x.length() / c);
            this.x = new DoubleView(x);
            this.gamma = new DoubleView(gamma);
            this.beta = new DoubleView(beta);
            this.y = new DoubleView(y);
            this.mean = new DoubleView(mean);
            this.variance = new DoubleView(variance);
            this.epsilon = epsilon;
            this.training = training;
            this.gradY = new DoubleView(gradY);
            this.gradGamma = new DoubleView(gradGamma);
            this.gradBeta = new DoubleView(gradBeta);
            this.gradIn = gradIn.map(DoubleView::new);
            this.inverseDeviation = new double[c];
        }

        void forward() {
            if (training) {
                mean.fill(0);
                variance.fill(0);
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < c; k++) {
                        mean.put(k, mean.get(k) + x.get(i * c + k));
                    }
                }
                for (int k = 0; k < c; k++) {
                    mean.put(k, mean.get(k) / n);
                }
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < c; k++) {
                        double d = x.get(i * c + k) - mean.get(k);
                        variance.put(k, variance.get(k) + d * d);
                    }
                }
                for (int k = 0; k < c; k++) {
                    variance.put(k, variance.get(k) / n);
                }
            }
            for (int k = 0; k < c; k++) {
                inverseDeviation[k] = 1 / Math.sqrt(variance.get(k) + epsilon);
            }
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < c; k++) {
                    double normalised = (x.get(i * c + k) - mean.get(k)) * inverseDeviation[k];
                    y.put(i * c + k, gamma.get(k) * normalised + beta.get(k));
                }
            }
        }

        void backward() {
            gradGamma.fill(0);
            gradBeta.fill(0);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < c; k++) {
                    double dy = gradY.get(i * c + k);
                    double normalised = (x.get(i * c + k) - mean.get(k)) * inverseDeviation[k];
                    gradBeta.put(k, gradBeta.get(k) + dy);
                    gradGamma.put(k, gradGamma.get(k) + dy * normalised);
                }
            }
            if (gradIn.isEmpty()) {
                return;
            }
            DoubleView dx = gradIn.get();
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < c; k++) {
                    double dy = gradY.get(i * c + k);
                    double scale = gamma.get(k) * inverseDeviation[k];
                    if (training) {
                        double normalised = (x.get(i * c + k) - mean.get(k)) * inverseDeviation[k];
                        dx.put(i * c + k, scale * (dy - gradBeta.get(k) / n - normalised * gradGamma.get(k) / n));
                    } else {
                        dx.put(i * c + k, scale * dy);
                    }
                }
            }
        }
    }
}
