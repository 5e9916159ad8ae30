package dev.aec.compiler.ir;

import dev.aec.compiler.model.Layer;
import dev.aec.compiler.source.Span;
import dev.aec.compiler.types.Shape;
import java.util.List;

/**
 * One layer of the lowered graph: composed models are inlined, so every node is a layer. `name`
 * is the path through the models (`Encoder/conv2d_1`); `input` is the node it reads, or
 * {@link #GRAPH_INPUT}.
 */
public record IrNode(int id, String name, Layer layer, int input, Shape inShape, Shape outShape, List<Param> params,
                     Span span) {
    public static final int GRAPH_INPUT = -1;

    public IrNode {
        params = List.copyOf(params);
    }
}
