package dev.aec.compiler.resolve;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.Node;
import dev.aec.compiler.model.Op;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds models that contain themselves through composition; reports each cycle once. */
final class CycleFinder {
    /** Links of a cycle named in its message and labelled, at most. */
    private static final int SHOWN_LINKS = 8;

    private final Map<String, ModelDef> models = new HashMap<>();
    private final Diagnostics diagnostics;
    private final Set<String> done = new HashSet<>();
    private final Set<String> inCycle = new HashSet<>();
    private final List<String> stack = new ArrayList<>();
    private final Map<String, Integer> onStack = new HashMap<>();
    private final Map<String, Node> viaNode = new HashMap<>();

    private CycleFinder(List<ModelDef> models, Diagnostics diagnostics) {
        models.forEach(m -> this.models.put(m.name(), m));
        this.diagnostics = diagnostics;
    }

    /**
     * The models with every reference that closes a cycle made invalid, so later passes never
     * recurse forever; each cycle is reported at the reference that closes it.
     */
    static List<ModelDef> removeCycles(List<ModelDef> models, Diagnostics diagnostics) {
        CycleFinder finder = new CycleFinder(models, diagnostics);
        for (ModelDef model : models) {
            finder.visit(model.name());
        }
        List<ModelDef> result = new ArrayList<>();
        for (ModelDef model : models) {
            result.add(finder.inCycle.contains(model.name()) ? finder.cut(model) : model);
        }
        return result;
    }

    /** Depth first from `root`, with a stack of its own: a chain of models however long does not overflow the JVM's. */
    private void visit(String root) {
        if (done.contains(root) || !models.containsKey(root)) {
            return;
        }
        record Frame(String name, java.util.Iterator<Node> nodes) {
        }
        java.util.Deque<Frame> frames = new java.util.ArrayDeque<>();
        frames.push(new Frame(root, models.get(root).nodes().iterator()));
        onStack.put(root, 0);
        stack.add(root);
        while (!frames.isEmpty()) {
            Frame frame = frames.peek();
            if (!frame.nodes().hasNext()) {
                frames.pop();
                onStack.remove(frame.name());
                stack.remove(stack.size() - 1);
                done.add(frame.name());
                continue;
            }
            Node node = frame.nodes().next();
            if (!(node.op() instanceof Op.ModelOp ref)) {
                continue;
            }
            String used = ref.model();
            viaNode.put(frame.name() + "->" + used, node);
            if (done.contains(used) || !models.containsKey(used)) {
                continue;
            }
            Integer at = onStack.get(used);
            if (at != null) {
                report(stack.subList(at, stack.size()));
                continue;
            }
            frames.push(new Frame(used, models.get(used).nodes().iterator()));
            onStack.put(used, stack.size());
            stack.add(used);
        }
    }

    private void report(List<String> cycle) {
        if (cycle.stream().anyMatch(inCycle::contains)) {
            return;
        }
        inCycle.addAll(cycle);
        String first = cycle.get(0);
        String last = cycle.get(cycle.size() - 1);
        Node closing = viaNode.get(last + "->" + first);
        // A cycle through thousands of models is named by its ends, so the message stays a few lines.
        List<String> named = cycle.stream().map(n -> "`" + n + "`").toList();
        String path = cycle.size() <= SHOWN_LINKS ? String.join(" -> ", named)
                : String.join(" -> ", named.subList(0, SHOWN_LINKS / 2)) + " -> ... " + (cycle.size() - SHOWN_LINKS)
                        + " more ... -> " + String.join(" -> ", named.subList(cycle.size() - SHOWN_LINKS / 2, cycle.size()));
        Diagnostic.Builder b = Diagnostic.of(Code.E0105, closing.span(),
                        cycle.size() == 1 ? "model `" + first + "` contains itself"
                                : "models contain each other: " + path + " -> `" + first + "`")
                .label("`" + last + "` uses `" + first + "` here");
        for (int i = 0; i + 1 < cycle.size() && i < SHOWN_LINKS; i++) {
            Node via = viaNode.get(cycle.get(i) + "->" + cycle.get(i + 1));
            b.secondary(via.span(), "`" + cycle.get(i) + "` uses `" + cycle.get(i + 1) + "`");
        }
        b.note("a model cannot contain itself, directly or through other models: its shape would be infinite");
        b.help(cycle.size() == 1 ? "remove this use of `" + first + "`" : "remove `" + first + "` from `" + last + "`");
        b.report(diagnostics);
    }

    /** The model with references to models in a cycle made invalid. */
    private ModelDef cut(ModelDef model) {
        List<Node> nodes = new ArrayList<>();
        for (Node node : model.nodes()) {
            boolean cyclic = node.op() instanceof Op.ModelOp ref && inCycle.contains(ref.model());
            nodes.add(cyclic ? new Node(node.id(), new Op.Invalid(), node.inputs(), node.inputSpans(), node.span(), node.boundName()) : node);
        }
        return new ModelDef(model.name(), model.nameSpan(), model.input(), model.inputSpan(), model.output(),
                model.outputSpan(), model.form(), nodes, model.result(), model.span());
    }
}
