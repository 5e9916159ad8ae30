package dev.aec.compiler.model;

import dev.aec.compiler.source.Span;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One application in a model body: `op` applied to the values of nodes `inputs` ({@link #MODEL_INPUT}
 * for the model's own input), one for a layer or a model, several for a merge (`add`, `concat`), whose
 * `inputSpans` are the arguments naming them.
 * Both language forms become the same list of nodes.
 */
public record Node(int id, Op op, List<Integer> inputs, List<Span> inputSpans, Span span, Optional<String> boundName) {
    public static final int MODEL_INPUT = -1;

    public Node {
        Objects.requireNonNull(op);
        Objects.requireNonNull(span);
        Objects.requireNonNull(boundName);
        inputs = List.copyOf(inputs);
        inputSpans = List.copyOf(inputSpans);
        if (inputs.isEmpty() || inputs.size() != inputSpans.size()) {
            throw new IllegalArgumentException("node " + id + " reads no value");
        }
        for (int input : inputs) {
            if (input >= id) {
                throw new IllegalArgumentException("node " + id + " reads a later node " + input);
            }
        }
    }

    /** A node reading one value: the argument that names it is the node's own text. */
    public Node(int id, Op op, int input, Span span, Optional<String> boundName) {
        this(id, op, List.of(input), List.of(span), span, boundName);
    }

    /** The value a node of one input reads; a merge's inputs are read through {@link #inputs}. */
    public int input() {
        if (inputs.size() != 1) {
            throw new IllegalStateException("node " + id + " reads " + inputs.size() + " values, not one");
        }
        return inputs.get(0);
    }
}
