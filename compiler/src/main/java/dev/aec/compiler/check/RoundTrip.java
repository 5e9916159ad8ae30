package dev.aec.compiler.check;

import dev.aec.compiler.layers.Dense;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.Node;
import dev.aec.compiler.model.Op;
import dev.aec.compiler.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Searches the input sizes an autoencoder's body maps back to themselves. The search of one
 * compile spends at most {@link #BUDGET} layer evaluations, so a file with thousands of autoencoders
 * that do not round-trip is still checked in a second; the notes past the budget search fewer
 * sizes, and say so.
 */
final class RoundTrip {
    static final int MAX_SIDE = 256;
    static final int MAX_LENGTH = 8192;
    /** Layer shape evaluations per compile; one dense autoencoder's full search takes some 30,000. */
    static final long BUDGET = 500_000;
    private static final int SHOWN = 5;

    private final Map<String, ModelDef> defs;
    private final Map<String, Long> layerCounts = new HashMap<>();
    private long left;

    RoundTrip(Map<String, ModelDef> defs, long budget) {
        this.defs = defs;
        this.left = budget;
    }

    /** The sizes that would round-trip, found by running the shape rules on each candidate. */
    static List<Shape> sizes(ModelDef def, Map<String, ModelDef> defs) {
        return new RoundTrip(defs, Long.MAX_VALUE).search(def, def.input().rank() == 3 ? MAX_SIDE : MAX_LENGTH);
    }

    private List<Shape> search(ModelDef def, int upTo) {
        Shape declared = def.input();
        if (lengthBlind(def)) {
            // Every candidate gives the same output, so one evaluation answers for all of them: the
            // only size that can come back is that output's own.
            Optional<Shape> out = Checker.evaluate(def, declared, defs);
            return out.filter(o -> o.isKnown() && o.rank() == 1 && o.dim(0) >= 1 && o.dim(0) <= upTo)
                    .map(List::of).orElse(List.of());
        }
        List<Shape> found = new ArrayList<>();
        for (int s = 1; s <= upTo; s++) {
            Shape candidate = declared.rank() == 3 ? Shape.of(s, s, declared.channels()) : Shape.of(s);
            Optional<Shape> out = Checker.evaluate(def, candidate, defs);
            if (out.isPresent() && out.get().equals(candidate)) {
                found.add(candidate);
            }
        }
        return found;
    }

    /** A note saying which inputs round-trip through a model, and the sizes it shows. */
    record Finding(String note, List<Shape> shown) {
        Finding {
            shown = List.copyOf(shown);
        }
    }

    /** One sentence for a note: which inputs round-trip through the model, with the sizes it names. */
    Finding describe(ModelDef def) {
        int rank = def.input().rank();
        if (rank != 1 && rank != 3) {
            return new Finding("the layers do not map " + def.input() + " back to itself", List.of());
        }
        int max = rank == 3 ? MAX_SIDE : MAX_LENGTH;
        long cost = Math.max(1, layers(def));
        int upTo = (int) Math.min(max, left / cost);
        if (upTo == 0) {
            return new Finding("the layers do not map " + def.input() + " back to itself", List.of());
        }
        left -= lengthBlind(def) ? cost : upTo * cost;
        List<Shape> sizes = search(def, upTo);
        String last = rank == 3 ? upTo + "x" + upTo : Integer.toString(upTo);
        String range = rank == 3 ? "1x1 to " + last : "1 to " + last;
        if (sizes.isEmpty()) {
            return new Finding("no input size from " + range + " comes back out of `" + def.name()
                    + "` with the same shape", List.of());
        }
        List<Shape> shown = sizes.stream().limit(SHOWN).toList();
        return new Finding("inputs that round-trip through `" + def.name() + "`: "
                + String.join(", ", shown.stream().map(Shape::toString).toList())
                + (sizes.size() > SHOWN ? " and " + (sizes.size() - SHOWN) + " more up to " + last : ""), shown);
    }

    /**
     * True when a vector input's length cannot change the model's output: every node that reads the
     * input is a dense layer, which takes a vector of any length to its `units`. A stack of dense
     * blocks is then searched with one evaluation instead of 8,192 (80 ms of a 2,000-line file's check).
     */
    private static boolean lengthBlind(ModelDef def) {
        if (def.input().rank() != 1 || def.result() == Node.MODEL_INPUT) {
            return false;
        }
        List<Node> readers = def.nodes().stream().filter(n -> n.inputs().contains(Node.MODEL_INPUT)).toList();
        return !readers.isEmpty() && readers.stream()
                .allMatch(n -> n.op() instanceof Op.LayerOp layer && layer.layer() instanceof Dense);
    }

    /** Layers one evaluation of the model runs, models it uses counted with their own layers. */
    private long layers(ModelDef def) {
        Long known = layerCounts.get(def.name());
        if (known != null) {
            return known;
        }
        long count = 0;
        for (Node node : def.nodes()) {
            ModelDef used = node.op() instanceof Op.ModelOp ref ? defs.get(ref.model()) : null;
            count = saturatedAdd(count, used == null ? 1 : layers(used));
        }
        layerCounts.put(def.name(), count);
        return count;
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
