package dev.aec.compiler.model;

import dev.aec.compiler.source.Span;
import java.util.List;
import java.util.Locale;

/**
 * Noise added to the training inputs of a denoising model (the `noise:` setting); the targets stay
 * clean. Noisy pixels are clipped to [0, 1], as the Keras tutorial clips `x_train_noisy`.
 */
public sealed interface Noise {
    /** The kinds a train block can name, for messages and suggestions. */
    List<String> KINDS = List.of("gaussian", "salt_and_pepper");

    Span span();

    /** Adds `stddev` times a standard normal draw to every pixel, as Keras's `GaussianNoise(stddev)`. */
    record Gaussian(double stddev, Span span) implements Noise {
        public Gaussian {
            if (!(stddev > 0)) {
                throw new IllegalArgumentException("stddev must be positive: " + stddev);
            }
        }

        @Override
        public String toString() {
            return "gaussian(stddev: " + number(stddev) + ")";
        }
    }

    /** Sets a `rate` share of the pixels, chosen at random, to 0 or 1 with equal chance. */
    record SaltAndPepper(double rate, Span span) implements Noise {
        public SaltAndPepper {
            if (!(rate > 0 && rate < 1)) {
                throw new IllegalArgumentException("rate must be in (0, 1): " + rate);
            }
        }

        @Override
        public String toString() {
            return "salt_and_pepper(rate: " + number(rate) + ")";
        }
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%s", value == Math.rint(value) ? Long.toString((long) value)
                : Double.toString(value));
    }
}
