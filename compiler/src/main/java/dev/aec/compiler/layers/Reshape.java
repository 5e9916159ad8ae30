package dev.aec.compiler.layers;

import static dev.aec.compiler.layers.LayerSpec.Param.required;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.LibraryCall.Arg;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.types.Shape;
import java.util.List;

/** Keras Reshape: the same elements in a new shape. */
public record Reshape(Shape target) implements Layer {
    public static final LayerSpec SPEC = LayerSpec.of("reshape", Reshape.class)
            .summary("the same elements in a new shape")
            .param(required("shape", ArgType.SHAPE, "the new shape, same number of elements"))
            .output("the same elements in `shape`; element counts must agree")
            .keras("Reshape")
            .example("reshape(7x7x8)")
            .build(a -> new Reshape(a.shape("shape")));

    @Override
    public String kind() {
        return SPEC.name();
    }

    @Override
    public String describe() {
        return "reshape(" + target + ")";
    }

    @Override
    public ShapeResult output(Shape in) {
        if (target.elements() != in.elements()) {
            return new ShapeResult.Problem(Code.E0305, "`reshape` to " + target + " needs " + target.elements()
                    + " elements, but its input " + in + " has " + in.elements(),
                    "input has " + in.elements() + " elements",
                    List.of("use a shape with " + in.elements() + " elements, such as `reshape(" + sameCount(in) + ")`"));
        }
        return Outputs.ok(target, 0);
    }

    @Override
    public LibraryCall libraryCall(Shape in, Shape out) {
        return LibraryCall.of("reshape", new Arg.Dims(target.dims()));
    }

    /** A rank-3 shape with the input's element count: square when possible, else n x 1 x 1. */
    private static String sameCount(Shape in) {
        long n = in.elements();
        long side = Math.round(Math.sqrt(n));
        if (side * side == n) {
            return side + "x" + side + "x1";
        }
        for (long c = 2; c <= 64; c++) {
            long rest = n / c;
            long s = Math.round(Math.sqrt(rest));
            if (n % c == 0 && s * s == rest) {
                return s + "x" + s + "x" + c;
            }
        }
        return n + "x1x1";
    }
}
