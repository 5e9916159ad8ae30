package dev.aec.compiler.check;

import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.model.Node;
import dev.aec.compiler.model.Op;
import dev.aec.compiler.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a model's summary, like Keras's `model.summary()`: one row per layer with its
 * output shape and parameters; a nested model is a row with its subtotal followed by its own
 * rows one level deeper.
 */
public final class ModelSummary {
    private ModelSummary() {
    }

    /** One row; `depth` 0 is the model's own layers. */
    public record Row(int depth, String layer, Shape output, long params, boolean isModel, List<Row> children) {
        public Row {
            children = List.copyOf(children);
        }
    }

    /** The summary of a model: its input row, then its layers. */
    public static List<Row> rows(CheckedModel model, CheckedProgram program) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(0, "input", model.def().input(), 0, false, List.of()));
        rows.addAll(layers(model, program, 0));
        return rows;
    }

    private static List<Row> layers(CheckedModel model, CheckedProgram program, int depth) {
        List<Row> rows = new ArrayList<>();
        ModelDef def = model.def();
        for (Node node : def.nodes()) {
            Shape shape = model.nodeShapes().get(node.id());
            long params = model.nodeParams().get(node.id());
            if (node.op() instanceof Op.ModelOp ref) {
                CheckedModel callee = program.model(ref.model()).orElseThrow();
                rows.add(new Row(depth, ref.model(), shape, params, true, layers(callee, program, depth + 1)));
            } else if (node.op() instanceof Op.LayerOp layer) {
                rows.add(new Row(depth, layer.layer().describe(), shape, params, false, List.of()));
            } else {
                rows.add(new Row(depth, node.span().text().strip(), shape, params, false, List.of()));
            }
        }
        return rows;
    }

    /** Rows with nested models expanded, in print order. */
    public static List<Row> flatten(List<Row> rows) {
        List<Row> out = new ArrayList<>();
        for (Row row : rows) {
            out.add(row);
            out.addAll(flatten(row.children()));
        }
        return out;
    }
}
