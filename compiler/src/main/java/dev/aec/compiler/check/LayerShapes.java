package dev.aec.compiler.check;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.MergeLayer;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.types.Shape;
import java.util.List;

/** A layer's output on a given input through its own rule, with an overflowing count as a problem. */
final class LayerShapes {
    private LayerShapes() {
    }

    static ShapeResult apply(Layer layer, Shape in) {
        try {
            return layer.output(in);
        } catch (ArithmeticException overflow) {
            return overflow(layer);
        }
    }

    /** A merge's output on its inputs `ins`. */
    static ShapeResult apply(MergeLayer layer, List<Shape> ins) {
        try {
            return layer.output(ins);
        } catch (ArithmeticException overflow) {
            return overflow(layer);
        }
    }

    private static ShapeResult overflow(Layer layer) {
        return new ShapeResult.Problem(Code.E0309, "parameter count of `" + layer.describe() + "` is too large",
                "does not fit in 64 bits", List.of("use smaller sizes"));
    }
}
