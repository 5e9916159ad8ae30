package dev.aec.compiler.check;

import dev.aec.compiler.model.ModelDef;
import dev.aec.compiler.types.Shape;
import java.util.List;

/**
 * A model with the shape and parameter count of every node (parameters of a nested model are
 * its total), and the shape its body produces. `totalParams` counts every tensor's values, as
 * Keras's total; `nonTrainableParams` those of the tensors no optimizer trains (moving statistics).
 */
public record CheckedModel(ModelDef def, List<Shape> nodeShapes, List<Long> nodeParams, Shape inferredOutput,
                           long totalParams, long nonTrainableParams) {
    public CheckedModel {
        nodeShapes = List.copyOf(nodeShapes);
        nodeParams = List.copyOf(nodeParams);
    }

    /** The values an optimizer trains. */
    public long trainableParams() {
        return totalParams - nonTrainableParams;
    }

    /** True when every node has a known shape: the model can be lowered. */
    public boolean isComplete() {
        return nodeShapes.stream().allMatch(Shape::isKnown) && inferredOutput.isKnown() && def.input().isKnown();
    }
}
