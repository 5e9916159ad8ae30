package dev.aec.compiler.model;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.types.Shape;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** A layer's output shape and parameter count on some input, or a problem to report at the layer. */
public sealed interface ShapeResult {
    /** `params` counts every weight, trainable or not, as Keras's summary total does. */
    record Ok(Shape shape, long params) implements ShapeResult {
    }

    /**
     * What to report: the catalogue code, the message, the label under the layer and help lines;
     * for a merge, the position of the input at fault, whose argument the report points at; and the
     * layer that, put before this one, mends it (`flatten` before a `dense` on an image), when there is one.
     */
    record Problem(Code code, String message, String label, List<String> helps, OptionalInt input,
                   Optional<String> layerBefore) implements ShapeResult {
        public Problem {
            helps = List.copyOf(helps);
            Objects.requireNonNull(input);
            Objects.requireNonNull(layerBefore);
        }

        /** A problem with no layer to put before. */
        public Problem(Code code, String message, String label, List<String> helps, OptionalInt input) {
            this(code, message, label, helps, input, Optional.empty());
        }

        /** A problem of the layer as a whole. */
        public Problem(Code code, String message, String label, List<String> helps) {
            this(code, message, label, helps, OptionalInt.empty());
        }

        /** A problem of the layer as a whole that `layer`, put before it, mends. */
        public static Problem mendedBy(String layer, Code code, String message, String label, List<String> helps) {
            return new Problem(code, message, label, helps, OptionalInt.empty(), Optional.of(layer));
        }
    }
}
