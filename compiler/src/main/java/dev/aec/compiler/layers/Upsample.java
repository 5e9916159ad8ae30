package dev.aec.compiler.layers;

import static dev.aec.compiler.layers.LayerSpec.Param.optional;

import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.LibraryCall.Arg;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.model.Size2;
import dev.aec.compiler.types.Shape;
import dev.aec.compiler.types.ShapeRules;

/** Keras UpSampling2D (nearest neighbour): repeats rows and columns. */
public record Upsample(Size2 size) implements Layer {
    public static final LayerSpec SPEC = LayerSpec.of("upsample", Upsample.class)
            .summary("nearest-neighbour upsampling: repeats rows and columns")
            .param(optional("size", ArgType.SIZE2, Size2.square(2), "2x2", "repeat factor for rows and columns"))
            .output("`HxWxC` to `(H*sh)x(W*sw)xC`, nearest neighbour")
            .keras("UpSampling2D")
            .example("upsample(2x2)")
            .build(a -> new Upsample(a.size2("size")));

    @Override
    public String kind() {
        return SPEC.name();
    }

    @Override
    public String describe() {
        return "upsample(" + size + ")";
    }

    @Override
    public ShapeResult output(Shape in) {
        return Outputs.needsImage("upsample", in).orElseGet(() -> Outputs.ok(
                ShapeRules.upsampleOutput(in.height(), size.rows()), ShapeRules.upsampleOutput(in.width(), size.cols()),
                in.channels(), 0));
    }

    @Override
    public LibraryCall libraryCall(Shape in, Shape out) {
        return LibraryCall.of("upsample", new Arg.Int(size.rows()), new Arg.Int(size.cols()));
    }
}
