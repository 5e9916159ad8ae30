package dev.aec.compiler.ir;

import dev.aec.compiler.model.Layer;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.types.Shape;
import java.util.List;

/**
 * One layer of the lowered graph: composed models are inlined, so every node is a layer. `name`
 * is the path through the models (`Encoder/conv2d_1`); `inputs` are the nodes it reads, or
 * {@link #GRAPH_INPUT}: one for a layer, several for a merge, with their shapes in `inShapes`.
 */
public record IrNode(int id, String name, Layer layer, List<Integer> inputs, List<Shape> inShapes, Shape outShape,
                     List<Param> params, Span span) {
    public static final int GRAPH_INPUT = -1;

    public IrNode {
        inputs = List.copyOf(inputs);
        inShapes = List.copyOf(inShapes);
        params = List.copyOf(params);
        if (inputs.isEmpty() || inputs.size() != inShapes.size()) {
            throw new IllegalArgumentException(name + " reads " + inputs.size() + " values of " + inShapes.size()
                    + " shapes");
        }
    }

    /** A node reading one value. */
    public IrNode(int id, String name, Layer layer, int input, Shape inShape, Shape outShape, List<Param> params,
                  Span span) {
        this(id, name, layer, List.of(input), List.of(inShape), outShape, params, span);
    }

    /** The node a layer of one input reads; a merge's are in {@link #inputs}. */
    public int input() {
        return inputs.get(only());
    }

    /** The shape a layer of one input reads. */
    public Shape inShape() {
        return inShapes.get(only());
    }

    private int only() {
        if (inputs.size() != 1) {
            throw new IllegalStateException(name + " reads " + inputs.size() + " values, not one");
        }
        return 0;
    }
}
