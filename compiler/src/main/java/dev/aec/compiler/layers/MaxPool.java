package dev.aec.compiler.layers;

import static dev.aec.compiler.layers.LayerSpec.Param.derived;
import static dev.aec.compiler.layers.LayerSpec.Param.optional;

import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.LibraryCall.Arg;
import dev.aec.compiler.model.Padding;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.model.Size2;
import dev.aec.compiler.types.Shape;
import java.util.Optional;

/** Keras MaxPooling2D; the stride defaults to the pool size. */
public record MaxPool(Size2 size, Size2 stride, Padding padding) implements Layer {
    public static final LayerSpec SPEC = LayerSpec.of("maxpool", MaxPool.class)
            .summary("maximum over each window")
            .param(optional("size", ArgType.SIZE2, Size2.square(2), "2x2", "pooling window"))
            .param(derived("stride", ArgType.SIZE2, "the size", "step between windows"))
            .param(optional("padding", ArgType.PADDING, Padding.VALID, "valid", "`same` keeps ceil(in/stride)"))
            .output("`HxWxC` to `H'xW'xC`")
            .keras("MaxPooling2D", "MaxPool2D")
            .example("maxpool(2x2, padding: same)")
            .build(a -> new MaxPool(a.size2("size"), a.size2Or("stride", a.size2("size")), a.padding("padding")));

    @Override
    public String kind() {
        return SPEC.name();
    }

    @Override
    public String describe() {
        return "maxpool(" + size + (stride.equals(size) ? "" : ", stride " + stride) + ", " + padding.keyword() + ")";
    }

    @Override
    public ShapeResult output(Shape in) {
        Optional<ShapeResult> notImage = Outputs.needsImage("maxpool", in);
        if (notImage.isPresent()) {
            return notImage.get();
        }
        return Outputs.window(in, size, stride, padding, in.channels())
                .map(out -> Outputs.ok(out, 0))
                .orElseGet(() -> Outputs.kernelTooLarge("maxpool", "pool", size, in));
    }

    @Override
    public LibraryCall libraryCall(Shape in, Shape out) {
        return LibraryCall.of("maxPool", new Arg.Int(size.rows()), new Arg.Int(size.cols()), new Arg.Int(stride.rows()),
                new Arg.Int(stride.cols()), new Arg.Pad(padding));
    }
}
