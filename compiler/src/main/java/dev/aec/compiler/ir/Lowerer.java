package dev.aec.compiler.ir;

import dev.aec.compiler.check.CheckedModel;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.Node;
import dev.aec.compiler.model.Op;
import dev.aec.compiler.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers a checked model to a {@link Graph}: nested models are inlined with their name as a
 * prefix, layers are numbered per model and kind (`conv2d_0`, `conv2d_1`), and every parameter
 * gets Keras's initialiser. Sequential and functional forms give the same graph.
 */
public final class Lowerer {
    private final CheckedProgram program;
    private final List<IrNode> nodes = new ArrayList<>();

    private Lowerer(CheckedProgram program) {
        this.program = program;
    }

    /** The graph of `model`, which must have checked without errors. */
    public static Graph lower(CheckedProgram program, String model) {
        CheckedModel checked = program.model(model)
                .orElseThrow(() -> new IllegalArgumentException("no model " + model));
        if (!checked.isComplete()) {
            throw new IllegalArgumentException("model " + model + " has errors and cannot be lowered");
        }
        Lowerer lowerer = new Lowerer(program);
        int out = lowerer.inline(checked, "", IrNode.GRAPH_INPUT);
        return new Graph(model, checked.def().input(), checked.def().output(), lowerer.nodes, out);
    }

    /** Appends the model's layers reading `input`; returns the node holding its output. */
    private int inline(CheckedModel model, String prefix, int input) {
        ModelDef def = model.def();
        Map<Integer, Integer> lowered = new HashMap<>();
        Map<String, Integer> perKind = new HashMap<>();
        Map<String, Integer> perModel = new HashMap<>();
        for (Node node : def.nodes()) {
            List<Integer> ins = node.inputs().stream().map(i -> i == Node.MODEL_INPUT ? input : lowered.get(i)).toList();
            if (node.op() instanceof Op.ModelOp ref) {
                int in = ins.get(0);
                int k = perModel.merge(ref.model(), 1, Integer::sum) - 1;
                String nested = prefix + ref.model() + (k == 0 ? "" : "_" + k) + "/";
                lowered.put(node.id(), inline(program.model(ref.model()).orElseThrow(), nested, in));
                continue;
            }
            Layer layer = ((Op.LayerOp) node.op()).layer();
            String kind = layer.kind();
            int k = perKind.merge(kind, 1, Integer::sum) - 1;
            String name = prefix + kind + "_" + k;
            List<Shape> inShapes = ins.stream().map(in -> in == IrNode.GRAPH_INPUT ? def.input() : nodes.get(in).outShape())
                    .toList();
            Shape outShape = model.nodeShapes().get(node.id());
            // A merge has no weights; a layer of one input draws its weights for that input's shape.
            List<Param> params = inShapes.size() == 1 ? params(name, layer, inShapes.get(0)) : List.of();
            nodes.add(new IrNode(nodes.size(), name, layer, ins, inShapes, outShape, params, node.span()));
            lowered.put(node.id(), nodes.size() - 1);
        }
        return def.result() == Node.MODEL_INPUT ? input : lowered.get(def.result());
    }

    /** The layer's weights under the node's name, in the order their values are drawn. */
    private static List<Param> params(String name, Layer layer, Shape in) {
        return layer.weights(in).stream()
                .map(w -> new Param(name + "/" + w.name(), w.shape(), w.init(), w.trainable())).toList();
    }
}
