package dev.aec.compiler.model;

import dev.aec.compiler.types.Shape;
import java.util.Objects;

/**
 * One tensor of a layer, named by its last path segment (`kernel`, `bias`), with its Keras
 * initialiser. Kernels are in Keras's layouts: dense `[in, units]`, conv2d `[kh, kw, in, filters]`.
 */
public record Weight(String name, Shape shape, Init init) {
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
    }

    /** A Glorot-uniform kernel. */
    public static Weight glorot(String name, Shape shape, long fanIn, long fanOut) {
        return new Weight(name, shape, new Init.GlorotUniform(fanIn, fanOut));
    }

    /** A tensor of zeros, as Keras's biases. */
    public static Weight zeros(String name, Shape shape) {
        return new Weight(name, shape, new Init.Zeros());
    }
}
