package dev.aec.compiler.model;

import dev.aec.compiler.source.Span;
import java.util.Objects;
import java.util.Optional;

/**
 * One application in a model body: `op` applied to the value of node `input` ({@link #MODEL_INPUT}
 * for the model's own input). Both language forms become the same list of nodes.
 */
public record Node(int id, Op op, int input, Span span, Optional<String> boundName) {
    public static final int MODEL_INPUT = -1;

    public Node {
        Objects.requireNonNull(op);
        Objects.requireNonNull(span);
        Objects.requireNonNull(boundName);
        if (input >= id) {
            throw new IllegalArgumentException("node " + id + " reads a later node " + input);
        }
    }
}
