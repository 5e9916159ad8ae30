package dev.aec.compiler.model;

import dev.aec.compiler.types.Shape;

/** A layer with its arguments resolved and typed. Dispatch with {@link Visitor}. */
public sealed interface Layer {
    <R> R accept(Visitor<R> visitor);

    /** Short text for tables: `conv2d(16, 3x3, relu, same)`. */
    String describe();

    /** The layer's name in the language: `conv2d`, `relu`. */
    String kind();

    /** The activation the layer applies last, if it applies one (shape-only layers do not). */
    default java.util.Optional<Activation> appliedActivation() {
        return java.util.Optional.empty();
    }

    /** One method per layer kind, so a new kind breaks the build wherever it needs handling. */
    interface Visitor<R> {
        R dense(Dense layer);

        R conv2d(Conv2d layer);

        R maxPool(MaxPool layer);

        R upsample(Upsample layer);

        R flatten(Flatten layer);

        R reshape(Reshape layer);

        R activate(Activate layer);

        R gaussian(Gaussian layer);
    }

    /** Keras Dense: a matrix product over a vector, plus bias, then the activation. */
    record Dense(int units, Activation activation, boolean useBias) implements Layer {
        @Override
        public java.util.Optional<Activation> appliedActivation() {
            return java.util.Optional.of(activation);
        }

        @Override
        public String kind() {
            return "dense";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.dense(this);
        }

        @Override
        public String describe() {
            return "dense(" + units + activationSuffix(activation) + (useBias ? "" : ", no bias") + ")";
        }
    }

    /** Keras Conv2D over height x width x channels. */
    record Conv2d(int filters, Size2 kernel, Size2 stride, Padding padding, Activation activation, boolean useBias)
            implements Layer {
        @Override
        public java.util.Optional<Activation> appliedActivation() {
            return java.util.Optional.of(activation);
        }

        @Override
        public String kind() {
            return "conv2d";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.conv2d(this);
        }

        @Override
        public String describe() {
            return "conv2d(" + filters + ", " + kernel + (stride.equals(Size2.square(1)) ? "" : ", stride " + stride)
                    + activationSuffix(activation) + ", " + padding.keyword() + (useBias ? "" : ", no bias") + ")";
        }
    }

    /** Keras MaxPooling2D; the stride defaults to the pool size. */
    record MaxPool(Size2 size, Size2 stride, Padding padding) implements Layer {
        @Override
        public String kind() {
            return "maxpool";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.maxPool(this);
        }

        @Override
        public String describe() {
            return "maxpool(" + size + (stride.equals(size) ? "" : ", stride " + stride) + ", " + padding.keyword() + ")";
        }
    }

    /** Keras UpSampling2D (nearest neighbour): repeats rows and columns. */
    record Upsample(Size2 size) implements Layer {
        @Override
        public String kind() {
            return "upsample";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.upsample(this);
        }

        @Override
        public String describe() {
            return "upsample(" + size + ")";
        }
    }

    /** Keras Flatten: any shape to a vector, row-major. */
    record Flatten() implements Layer {
        @Override
        public String kind() {
            return "flatten";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.flatten(this);
        }

        @Override
        public String describe() {
            return "flatten";
        }
    }

    /** Keras Reshape: the same elements in a new shape. */
    record Reshape(Shape target) implements Layer {
        @Override
        public String kind() {
            return "reshape";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.reshape(this);
        }

        @Override
        public String describe() {
            return "reshape(" + target + ")";
        }
    }

    /** A standalone activation, like Keras's Activation layer. */
    record Activate(Activation activation) implements Layer {
        @Override
        public java.util.Optional<Activation> appliedActivation() {
            return java.util.Optional.of(activation);
        }

        @Override
        public String kind() {
            return activation.kind().keyword();
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.activate(this);
        }

        @Override
        public String describe() {
            return activation.toString();
        }
    }

    /**
     * A Gaussian latent layer (the variational autoencoder's): two dense projections of a vector, the
     * mean and the log-variance of `units` independent normals. Training samples z = mean +
     * exp(log_var / 2) * eps with eps ~ N(0, 1) and adds `beta` times the KL divergence from N(0, 1)
     * to the loss; inference gives the mean.
     */
    record Gaussian(int units, double beta) implements Layer {
        /** The sample is linear in the mean: no activation, so a loss never looks through it. */
        @Override
        public java.util.Optional<Activation> appliedActivation() {
            return java.util.Optional.of(Activation.LINEAR);
        }

        @Override
        public String kind() {
            return "gaussian";
        }

        @Override
        public <R> R accept(Visitor<R> visitor) {
            return visitor.gaussian(this);
        }

        @Override
        public String describe() {
            return "gaussian(" + units + (beta == 1.0 ? "" : ", beta " + beta) + ")";
        }
    }

    private static String activationSuffix(Activation activation) {
        return activation.kind() == ActivationKind.LINEAR ? "" : ", " + activation;
    }
}
