package dev.aec.compiler.resolve;

import dev.aec.compiler.diag.Code;
import dev.aec.compiler.diag.Diagnostic;
import dev.aec.compiler.diag.Diagnostics;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.Node;
import dev.aec.compiler.model.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bounds what models using models can build: at most {@link #MAX_DEPTH} levels of models inside
 * each other, at most {@link #MAX_LAYERS} layers in a model and {@link #MAX_TOTAL} in all the
 * file's models once every use of a model is inlined (ten models that each use the one before
 * twice would otherwise hold a thousand copies of the first). The checker, the tables of `aec check` and the lowering walk models
 * recursively and inline them; past these limits a reference is made invalid and reported, so no
 * pass can overflow the stack or run out of memory. One report per chain: the models above a cut
 * reference are cut again silently.
 */
final class CompositionLimits {
    static final int MAX_DEPTH = 64;
    static final long MAX_LAYERS = 100_000;
    static final long MAX_TOTAL = 200_000;

    private final Map<String, ModelDef> models = new HashMap<>();
    private final Map<String, Info> done = new HashMap<>();
    private final Diagnostics diagnostics;
    private long total;
    private boolean totalReported;

    /** What a checked model holds: levels of models (1 for none), layers once inlined, whether a cut was made in it or below. */
    private record Info(int depth, long layers, boolean cut) {
    }

    private CompositionLimits(List<ModelDef> models, Diagnostics diagnostics) {
        models.forEach(m -> this.models.put(m.name(), m));
        this.diagnostics = diagnostics;
    }

    /** The models (which must have no cycles) with every reference past the limits made invalid. */
    static List<ModelDef> apply(List<ModelDef> models, Diagnostics diagnostics) {
        CompositionLimits limits = new CompositionLimits(models, diagnostics);
        for (ModelDef model : models) {
            limits.visit(model.name());
        }
        List<ModelDef> result = new ArrayList<>();
        for (ModelDef model : models) {
            result.add(limits.models.get(model.name()));
        }
        return result;
    }

    /** Every model after the models it uses, with a stack of its own. */
    private void visit(String root) {
        Deque<String> pending = new ArrayDeque<>();
        Deque<Boolean> expanded = new ArrayDeque<>();
        pending.push(root);
        expanded.push(false);
        while (!pending.isEmpty()) {
            String name = pending.pop();
            boolean ready = expanded.pop();
            if (done.containsKey(name)) {
                continue;
            }
            if (ready) {
                finish(name);
                continue;
            }
            pending.push(name);
            expanded.push(true);
            List<Node> nodes = models.get(name).nodes();
            // Pushed last to first, so the models a body uses are finished in the order it uses them.
            for (int i = nodes.size() - 1; i >= 0; i--) {
                if (nodes.get(i).op() instanceof Op.ModelOp ref && models.containsKey(ref.model())
                        && !done.containsKey(ref.model())) {
                    pending.push(ref.model());
                    expanded.push(false);
                }
            }
        }
    }

    private void finish(String name) {
        ModelDef def = models.get(name);
        List<Node> nodes = new ArrayList<>(def.nodes().size());
        int depth = 1;
        long layers = 0;
        boolean cut = false;
        boolean reported = false;
        for (Node node : def.nodes()) {
            Info used = node.op() instanceof Op.ModelOp ref ? done.get(ref.model()) : null;
            if (used == null) {
                layers++;
                if (!reported && layers > MAX_LAYERS) {
                    report(Code.E0113, node, "model `" + name + "` has more than " + count(MAX_LAYERS) + " layers",
                            "past the limit", layersNote());
                    reported = true;
                    cut = true;
                } else if (!reported && !totalReported && total + layers > MAX_TOTAL) {
                    reportTotal(node, "past the limit");
                    reported = true;
                    cut = true;
                }
                nodes.add(node);
                continue;
            }
            String usedName = ((Op.ModelOp) node.op()).model();
            boolean tooDeep = used.depth() >= MAX_DEPTH;
            boolean tooLarge = layers + used.layers() > MAX_LAYERS;
            boolean overTotal = total + layers + used.layers() > MAX_TOTAL;
            if (!tooDeep && !tooLarge && !overTotal) {
                depth = Math.max(depth, used.depth() + 1);
                layers += used.layers();
                cut |= used.cut();
                nodes.add(node);
                continue;
            }
            // Past a limit: this use is cut, and reported unless a cut below or before already explains it.
            if (!used.cut() && !reported) {
                if (tooDeep) {
                    report(Code.E0112, node, "models nested more than " + MAX_DEPTH + " levels deep",
                            "`" + usedName + "` already holds " + used.depth() + " levels of models",
                            "a model may use models that use models, up to " + MAX_DEPTH + " levels");
                    reported = true;
                } else if (tooLarge) {
                    report(Code.E0113, node, "model `" + name + "` holds more than " + count(MAX_LAYERS)
                                    + " layers once the models it uses are inlined",
                            "`" + usedName + "` brings " + count(used.layers()) + " more", layersNote());
                    reported = true;
                } else if (!totalReported) {
                    reportTotal(node, "`" + usedName + "` brings " + count(used.layers()) + " more");
                    reported = true;
                }
            }
            cut = true;
            nodes.add(new Node(node.id(), new Op.Invalid(), node.inputs(), node.inputSpans(), node.span(), node.boundName()));
        }
        total += layers;
        done.put(name, new Info(depth, layers, cut));
        if (cut) {
            models.put(name, new ModelDef(def.name(), def.nameSpan(), def.input(), def.inputSpan(), def.output(),
                    def.outputSpan(), def.form(), nodes, def.result(), def.span()));
        }
    }

    private void reportTotal(Node node, String label) {
        report(Code.E0113, node, "the models of this file hold more than " + count(MAX_TOTAL)
                + " layers in all, once the models they use are inlined", label, layersNote());
        totalReported = true;
    }

    private static String layersNote() {
        return "every use of a model counts its layers again; a model holds at most " + count(MAX_LAYERS)
                + " layers, and the models of a file " + count(MAX_TOTAL) + " in all";
    }

    private void report(Code code, Node node, String message, String label, String note) {
        Diagnostic.Builder b = Diagnostic.of(code, node.span(), message).label(label).note(note);
        b.help(code == Code.E0112 ? "use fewer levels: put the layers of some models directly in the models that use them"
                : "use fewer or smaller models");
        b.report(diagnostics);
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
