package dev.aec.compiler.model;

/** What a node of a model body does: apply a layer, apply another model, or nothing (after an error). */
public sealed interface Op {
    /** A layer applied to the node's input. */
    record LayerOp(Layer layer) implements Op {
    }

    /** Another model used as a layer. */
    record ModelOp(String model) implements Op {
    }

    /** The poison op: its name or arguments had an error already reported. */
    record Invalid() implements Op {
    }
}
