package dev.aec.compiler.layers;

import static dev.aec.compiler.layers.LayerSpec.Param.optional;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.LibraryCall.Arg;
import dev.aec.compiler.model.MergeLayer;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Keras Concatenate: two or more values joined along `axis`, equal on every other axis, as a U-Net's
 * skip connections stack an encoder's channels onto a decoder's. `axis` counts as Keras does: the
 * batch is axis 0, so 1 is the first axis of a sample, and -1 the last (the channels of an image).
 */
public record Concat(int axis) implements MergeLayer {
    public static final LayerSpec SPEC = LayerSpec.of("concat", Concat.class)
            .summary("joins two or more values along an axis (functional form only)")
            .param(optional("axis", ArgType.AXIS, -1, "-1", "the axis joined, from the end when negative; "
                    + "1 is a sample's first"))
            .output("the inputs' shape with the sizes along `axis` added; every other axis must be equal")
            .keras("Concatenate")
            .example("concat(x, x, axis: -1)")
            .build(a -> new Concat(a.axis("axis")));

    @Override
    public String kind() {
        return SPEC.name();
    }

    @Override
    public String describe() {
        return "concat(axis " + axis + ")";
    }

    /** The position of the axis in a sample of rank `rank`, or -1 when it has no such axis. */
    public int sampleAxis(int rank) {
        int a = axis < 0 ? rank + axis : axis - 1;
        return a >= 0 && a < rank ? a : -1;
    }

    @Override
    public ShapeResult output(List<Shape> ins) {
        Optional<ShapeResult> few = Merges.needsTwo("concat", ins);
        if (few.isPresent()) {
            return few.get();
        }
        Shape first = ins.get(0);
        for (int i = 1; i < ins.size(); i++) {
            if (ins.get(i).rank() != first.rank()) {
                return new ShapeResult.Problem(Code.E0312, "`concat` needs values of one rank, found " + first
                        + " and " + ins.get(i), "this value is " + ins.get(i) + ", the first is " + first,
                        List.of("flatten or reshape one of them so both have " + first.rank() + " axes"),
                        OptionalInt.of(i));
            }
        }
        int a = sampleAxis(first.rank());
        if (a < 0) {
            return new ShapeResult.Problem(Code.E0304, "`concat` along axis " + axis + " needs values with that axis, "
                    + "found " + first, "its values are " + first,
                    List.of(first.rank() == 1 ? "use `axis: -1`, the one axis of a vector"
                            : "use an axis from 1 to " + first.rank() + ", or from -1 to -" + first.rank()));
        }
        long joined = first.dim(a);
        for (int i = 1; i < ins.size(); i++) {
            Shape in = ins.get(i);
            for (int d = 0; d < first.rank(); d++) {
                if (d != a && in.dim(d) != first.dim(d)) {
                    return new ShapeResult.Problem(Code.E0312, "`concat` along axis " + axis
                            + " needs values equal on every other axis, found " + first + " and " + in,
                            "axis " + (d + 1) + " is " + in.dim(d) + " here, " + first.dim(d) + " in the first",
                            List.of("join values of the same resolution, or make axis " + (d + 1) + " of this one "
                                    + first.dim(d)),
                            OptionalInt.of(i));
                }
            }
            joined += in.dim(a);
        }
        List<Integer> dims = new ArrayList<>(first.dims());
        if (joined > Outputs.MAX_ELEMENTS) {
            return Outputs.tooLarge("a concatenation of " + joined + " along axis " + axis);
        }
        dims.set(a, (int) joined);
        return Outputs.ok(new Shape(dims), 0);
    }

    @Override
    public LibraryCall libraryCall(List<Shape> ins, Shape out) {
        return LibraryCall.merge("concat", new Arg.Int(axis));
    }
}
