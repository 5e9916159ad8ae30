package dev.aec.compiler.gen;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What `model.java.mustache` reads: names, numbers and flags, already escaped for where they go.
 * The Java syntax is all in the templates; an absent part is an empty Optional, a false flag or an
 * empty list, so a section does not render.
 */
record ClassView(String source, String sourceLiteral, String sourceSha256, String packageName, String className,
                 String model, String inputShape, String outputShape, List<Integer> inputDims, List<Integer> outputDims,
                 String inputArgs, String outputArgs, String paramCount, List<String> imports, long seed,
                 Optional<TrainView> train, Optional<NoiseView> noise, boolean chain, List<LineView> lines,
                 String result) {
    ClassView {
        inputDims = List.copyOf(inputDims);
        outputDims = List.copyOf(outputDims);
        imports = List.copyOf(imports);
        lines = List.copyOf(lines);
    }

    /**
     * The train block: settings, the loss as the graph library's {@code Loss} and {@code Reduction}
     * constants (and in words), and the updater. `addedTerms`: the loss adds terms to the reconstruction
     * (a gaussian layer's KL term, activity penalties).
     * `inputNoise` is the `noise:` setting. `drawsWhileTraining`: a layer (dropout, gaussian noise)
     * reads random draws and the training flag, which SameDiff's own `fit` never sets.
     * `nonTrainable`: the graph has tensors no optimizer trains (batch normalisation's moving
     * statistics), which `fit` never moves.
     */
    record TrainView(String lossDescription, String targetDescription, String data, Optional<String> validation,
                     int batch, int epochs, boolean shuffle, Optional<String> inputNoise, UpdaterView updater,
                     String loss, String reduction, boolean addedTerms, boolean drawsWhileTraining,
                     boolean nonTrainable, Optional<String> earlyStop, Optional<String> lrSchedule,
                     Optional<String> checkpoint) {
    }

    /** The gaussian layer's noise placeholder, [n, units]. */
    record NoiseView(int units) {
    }

    /**
     * `configureTraining`: the optimizer as written, and either ND4J's updater (`call` has one entry, the
     * class name, with the optimizer's arguments by Keras name) or why there is none (`unsupported`,
     * for the comment, and `reasonLiteral`, for the exception).
     */
    record UpdaterView(String optimizer, String optimizerLiteral, boolean supported, String updaterClass,
                       boolean exact, String difference, Optional<String> unsupported, String reasonLiteral,
                       Map<String, Map<String, String>> call) {
        UpdaterView {
            call = Map.copyOf(call);
        }
    }

    /**
     * One layer of `build(seed)`: the statement, padding that lines up the shape comments, and a heading
     * where the layers of another (inlined) model begin.
     */
    record LineView(Optional<GroupView> group, String statement, String padding, String shape) {
    }

    /** A heading: the model whose layers follow (`Encoder`, or `Outer/Inner`), and what they map. */
    record GroupView(String name, String in, String out) {
    }

    /**
     * What `layer.mustache` reads for one layer: its name, the Java variables it reads and writes, and
     * the graph library call that builds it, its arguments after the input already written as Java
     * (`, 1, 16, 3, 3, 1, 1, Padding.SAME, Activation.relu()`).
     */
    record LayerView(String name, String in, String out, boolean declares, String method, String args) {
    }
}
