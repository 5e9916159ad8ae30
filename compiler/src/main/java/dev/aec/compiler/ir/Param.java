package dev.aec.compiler.ir;

import dev.aec.compiler.model.Weight;
import dev.aec.compiler.types.Shape;
import java.util.Objects;

/**
 * A tensor of the lowered graph under its full name (`Encoder/conv2d_0/kernel`), with its
 * initialiser and whether an optimizer trains it; a layer's {@link Weight} placed in the graph.
 */
public record Param(String name, Shape shape, Weight.Init init, boolean trainable) {
    public Param {
        Objects.requireNonNull(name);
        Objects.requireNonNull(shape);
        Objects.requireNonNull(init);
    }
}
