package dev.aec.compiler.layers;

import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.LibraryCall.Arg;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.types.Shape;

/** Keras Flatten: any shape to a vector, row-major. */
public record Flatten() implements Layer {
    public static final LayerSpec SPEC = LayerSpec.of("flatten", Flatten.class)
            .summary("any shape to a vector, row-major")
            .output("any shape to a vector of all its elements, row-major")
            .keras("Flatten")
            .build(a -> new Flatten());

    @Override
    public String kind() {
        return SPEC.name();
    }

    @Override
    public String describe() {
        return "flatten";
    }

    @Override
    public ShapeResult output(Shape in) {
        return Outputs.ok(Shape.of((int) in.elements()), 0);
    }

    @Override
    public LibraryCall libraryCall(Shape in, Shape out) {
        return LibraryCall.of("flatten", new Arg.Long(out.dim(0)));
    }
}
