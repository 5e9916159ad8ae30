package dev.aec.compiler.check;

import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Searches the input sizes an autoencoder's body maps back to themselves. */
final class RoundTrip {
    static final int MAX_SIDE = 256;
    static final int MAX_LENGTH = 8192;
    private static final int SHOWN = 5;

    private RoundTrip() {
    }

    /** The sizes that would round-trip, found by running the shape rules on each candidate. */
    static List<Shape> sizes(ModelDef def, Map<String, ModelDef> defs) {
        List<Shape> found = new ArrayList<>();
        Shape declared = def.input();
        List<Shape> candidates = new ArrayList<>();
        if (declared.rank() == 3) {
            for (int s = 1; s <= MAX_SIDE; s++) {
                candidates.add(Shape.of(s, s, declared.channels()));
            }
        } else if (declared.rank() == 1) {
            for (int n = 1; n <= MAX_LENGTH; n++) {
                candidates.add(Shape.of(n));
            }
        }
        for (Shape candidate : candidates) {
            Optional<Shape> out = Checker.evaluate(def, candidate, defs);
            if (out.isPresent() && out.get().equals(candidate)) {
                found.add(candidate);
            }
        }
        return found;
    }

    /** One sentence for a note: which inputs round-trip through the model. */
    static String describe(ModelDef def, Map<String, ModelDef> defs) {
        List<Shape> sizes = sizes(def, defs);
        String range = def.input().rank() == 3 ? "1x1 to " + MAX_SIDE + "x" + MAX_SIDE
                : def.input().rank() == 1 ? "1 to " + MAX_LENGTH : "";
        if (def.input().rank() != 1 && def.input().rank() != 3) {
            return "the layers do not map " + def.input() + " back to itself";
        }
        if (sizes.isEmpty()) {
            return "no input size from " + range + " comes back out of `" + def.name() + "` with the same shape";
        }
        List<String> shown = sizes.stream().limit(SHOWN).map(Shape::toString).toList();
        return "inputs that round-trip through `" + def.name() + "`: " + String.join(", ", shown)
                + (sizes.size() > SHOWN ? " and " + (sizes.size() - SHOWN) + " more up to " + range.replaceFirst(".* to ", "") : "");
    }
}
