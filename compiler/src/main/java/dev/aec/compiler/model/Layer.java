package dev.aec.compiler.model;

import dev.aec.compiler.types.Shape;
import java.util.List;
import java.util.Optional;

/**
 * A layer with its arguments resolved and typed. Each kind is one record in
 * `dev.aec.compiler.layers` that holds everything the compiler knows of it: its arguments (its
 * `SPEC`), its shape and parameter rule and its weights; `LayerKinds` lists them all. Backends
 * dispatch on the record class through registries that a test holds to this list, so a kind a
 * backend forgets fails a test naming it.
 */
public interface Layer {
    /** Short text for tables: `conv2d(16, 3x3, relu, same)`. */
    String describe();

    /** The layer's name in the language: `conv2d`, `relu`. */
    String kind();

    /** The activation the layer applies last, if it applies one (shape-only layers do not). */
    default Optional<Activation> appliedActivation() {
        return Optional.empty();
    }

    /**
     * Whether the layer computes something else while training than at inference (dropout, noise,
     * a gaussian layer's sample): such layers read the graph's training flag, which is 0 unless a
     * training step sets it.
     */
    default boolean differsInTraining() {
        return false;
    }

    /**
     * Whether the loss reads a term of the layer's own besides its output (a gaussian layer's KL
     * divergence, a dense layer's activity penalty), so that the layer counts even when nothing
     * reads its output.
     */
    default boolean addsToLoss() {
        return false;
    }

    /**
     * The random values the layer reads in each training step, one per value of its input, drawn
     * by the trainer from the run's seed, epoch and batch (so runs repeat and resume exactly).
     */
    default Optional<TrainingDraws> trainingDraws() {
        return Optional.empty();
    }

    /**
     * The output shape and parameter count on `in`, or why there is none. Counts may throw
     * {@link ArithmeticException} on overflow; the checker reports that.
     */
    ShapeResult output(Shape in);

    /**
     * The layer's tensors on `in`, in the order their initial values are drawn (Keras's order),
     * named by their last path segment (`kernel`, `bias`). Only called on an input `output` accepts.
     */
    default List<Weight> weights(Shape in) {
        return List.of();
    }

    /**
     * The graph library call that builds this layer on an input of shape `in` giving `out`: one
     * lowering, made by `aec train` and written by `aec gen`.
     */
    LibraryCall libraryCall(Shape in, Shape out);

    /**
     * Multiply-adds of the forward pass for one sample from `in` to `out`, counting products and
     * convolutions only (elementwise work is left out, as in the usual GFLOP/s figures).
     */
    default long multiplyAdds(Shape in, Shape out) {
        return 0;
    }
}
