package dev.aec.compiler.model;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.types.Shape;
import java.util.List;
import java.util.OptionalInt;

/** A layer's output shape and parameter count on some input, or a problem to report at the layer. */
public sealed interface ShapeResult {
    /** `params` counts every weight, trainable or not, as Keras's summary total does. */
    record Ok(Shape shape, long params) implements ShapeResult {
    }

    /**
     * What to report: the catalogue code, the message, the label under the layer and help lines;
     * for a merge, the position of the input at fault, whose argument the report points at.
     */
    record Problem(Code code, String message, String label, List<String> helps, OptionalInt input)
            implements ShapeResult {
        public Problem {
            helps = List.copyOf(helps);
        }

        /** A problem of the layer as a whole. */
        public Problem(Code code, String message, String label, List<String> helps) {
            this(code, message, label, helps, OptionalInt.empty());
        }
    }
}
