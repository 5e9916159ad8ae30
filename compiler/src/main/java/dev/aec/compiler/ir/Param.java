package dev.aec.compiler.ir;

import dev.aec.compiler.types.Shape;
import java.util.Objects;

/**
 * A trainable tensor of the lowered graph, with its initialiser. Kernels are Keras's layouts:
 * dense `[in, units]`, conv2d `[kh, kw, in_channels, filters]`.
 */
public record Param(String name, Shape shape, Init init) {
    public Param {
        Objects.requireNonNull(name);
        Objects.requireNonNull(shape);
        Objects.requireNonNull(init);
    }

    /** How a parameter starts: Keras's defaults, Glorot-uniform kernels and zero biases. */
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
}
