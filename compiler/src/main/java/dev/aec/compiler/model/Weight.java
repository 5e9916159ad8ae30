package dev.aec.compiler.model;

import dev.aec.compiler.types.Shape;
import java.util.Objects;

/**
 * One tensor of a layer, named by its last path segment (`kernel`, `bias`), with its Keras
 * initialiser. Kernels are in Keras's layouts: dense `[in, units]`, conv2d `[kh, kw, in, filters]`.
 * A tensor that is not `trainable` (batch normalisation's moving statistics) is no optimizer's
 * business: training updates it by its own rule, and Keras's summary counts it apart.
 */
public record Weight(String name, Shape shape, Init init, boolean trainable) {
    public Weight {
        Objects.requireNonNull(name);
        Objects.requireNonNull(shape);
        Objects.requireNonNull(init);
    }

    /** How a tensor starts: Keras's defaults. */
    public sealed interface Init {
        /** Uniform in [-limit, limit], limit = sqrt(6 / (fanIn + fanOut)). */
        record GlorotUniform(long fanIn, long fanOut) implements Init {
            public double limit() {
                return Math.sqrt(6.0 / (fanIn + fanOut));
            }
        }

        record Zeros() implements Init {
        }

        record Ones() implements Init {
        }
    }

    /** A trainable Glorot-uniform kernel. */
    public static Weight glorot(String name, Shape shape, long fanIn, long fanOut) {
        return new Weight(name, shape, new Init.GlorotUniform(fanIn, fanOut), true);
    }

    /** A trainable tensor of zeros, as Keras's biases. */
    public static Weight zeros(String name, Shape shape) {
        return new Weight(name, shape, new Init.Zeros(), true);
    }

    /** A trainable tensor of ones, as batch normalisation's scale. */
    public static Weight ones(String name, Shape shape) {
        return new Weight(name, shape, new Init.Ones(), true);
    }

    /** The same tensor, kept out of the optimizers. */
    public Weight nonTrainable() {
        return new Weight(name, shape, init, false);
    }
}
