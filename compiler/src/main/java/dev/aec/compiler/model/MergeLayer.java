package dev.aec.compiler.model;

import dev.aec.compiler.types.Shape;
import java.util.List;

/**
 * A layer that reads several values, as Keras's merge layers (`Add()([a, b])`): written only in the
 * functional form, `y = add(a, b)`, its positional arguments the values it reads. It has no weights.
 */
public interface MergeLayer extends Layer {
    /**
     * The output shape on inputs of shapes `ins`, in argument order, or why there is none; a problem
     * with one input at fault names its position.
     */
    ShapeResult output(List<Shape> ins);

    /** The library call on inputs `ins`; its inputs go last ({@link LibraryCall#merge}). */
    LibraryCall libraryCall(List<Shape> ins, Shape out);

    /** One value is not a merge: the rule reports it. */
    @Override
    default ShapeResult output(Shape in) {
        return output(List.of(in));
    }

    @Override
    default LibraryCall libraryCall(Shape in, Shape out) {
        return libraryCall(List.of(in), out);
    }
}
