package dev.aec.compiler.model;

import dev.aec.compiler.source.Span;
import dev.aec.compiler.types.Shape;
import java.util.List;

/**
 * A resolved model: its declared signature (its type) and its body as nodes in evaluation order.
 * `result` is the node whose value is the output, or {@link Node#MODEL_INPUT} for an empty body.
 */
public record ModelDef(String name, Span nameSpan, Shape input, Span inputSpan, Shape output, Span outputSpan,
                       Form form, List<Node> nodes, int result, Span span) {
    public ModelDef {
        nodes = List.copyOf(nodes);
    }

    /** How the body was written; both lower to the same nodes. */
    public enum Form {
        SEQUENTIAL,
        FUNCTIONAL
    }
}
