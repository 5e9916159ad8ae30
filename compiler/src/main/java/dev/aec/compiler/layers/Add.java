package dev.aec.compiler.layers;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.MergeLayer;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.types.Shape;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Keras Add: the elementwise sum of two or more values of one shape, as in a residual connection. */
public record Add() implements MergeLayer {
    public static final LayerSpec SPEC = LayerSpec.of("add", Add.class)
            .summary("elementwise sum of two or more values of one shape (functional form only)")
            .output("the shape of its inputs, which must all be the same")
            .keras("Add")
            .example("add(x, x)")
            .build(a -> new Add());

    @Override
    public String kind() {
        return SPEC.name();
    }

    @Override
    public String describe() {
        return "add";
    }

    @Override
    public ShapeResult output(List<Shape> ins) {
        Optional<ShapeResult> few = Merges.needsTwo("add", ins);
        if (few.isPresent()) {
            return few.get();
        }
        Shape first = ins.get(0);
        for (int i = 1; i < ins.size(); i++) {
            Shape in = ins.get(i);
            if (!in.equals(first)) {
                String help = in.rank() == first.rank() && in.rank() > 0
                        && in.dims().subList(0, in.rank() - 1).equals(first.dims().subList(0, first.rank() - 1))
                        ? "to stack their last axes instead, write `concat(..., axis: -1)`"
                        : "make every value of `add` " + first;
                return new ShapeResult.Problem(Code.E0312, "`add` needs values of one shape, found " + first
                        + " and " + in, "this value is " + in + ", the first is " + first, List.of(help),
                        OptionalInt.of(i));
            }
        }
        return Outputs.ok(first, 0);
    }

    @Override
    public LibraryCall libraryCall(List<Shape> ins, Shape out) {
        return LibraryCall.merge("add");
    }
}
