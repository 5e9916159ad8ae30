package dev.aec.compiler.layers;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.types.Shape;
import java.util.List;
import java.util.Optional;

/** What the merge kinds' rules share. */
final class Merges {
    private Merges() {
    }

    /** Keras's merge layers refuse a single input: a merge of one value is a mistake, not a copy. */
    static Optional<ShapeResult> needsTwo(String name, List<Shape> ins) {
        if (ins.size() >= 2) {
            return Optional.empty();
        }
        return Optional.of(new ShapeResult.Problem(Code.E0211, "`" + name + "` merges at least two values, found "
                + ins.size(), "one value", List.of("give it another value: `" + name + "(a, b)`")));
    }
}
