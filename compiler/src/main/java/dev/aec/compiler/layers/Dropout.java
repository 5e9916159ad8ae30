package dev.aec.compiler.layers;

import static dev.aec.compiler.layers.LayerSpec.Param.required;

import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.LibraryCall.Arg;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.model.TrainingDraws;
import dev.aec.compiler.types.Shape;
import java.util.Optional;

/**
 * Keras Dropout: while training, each value is zeroed with probability `rate` and the others are
 * scaled by 1 / (1 - rate), so a value's expectation is unchanged; at inference it is the identity.
 */
public record Dropout(double rate) implements Layer {
    public static final LayerSpec SPEC = LayerSpec.of("dropout", Dropout.class)
            .summary("while training, zeroes each value with probability `rate` and scales the rest by 1/(1-rate)")
            .param(required("rate", ArgType.RATE, "fraction of the values dropped, at least 0 and below 1"))
            .output("any shape, unchanged")
            .keras("Dropout")
            .example("dropout(0.2)")
            .build(a -> new Dropout(a.number("rate")));

    @Override
    public boolean differsInTraining() {
        return true;
    }

    @Override
    public Optional<TrainingDraws> trainingDraws() {
        return Optional.of(TrainingDraws.UNIFORM);
    }

    @Override
    public String kind() {
        return SPEC.name();
    }

    @Override
    public String describe() {
        return "dropout(" + rate + ")";
    }

    @Override
    public ShapeResult output(Shape in) {
        return Outputs.ok(in, 0);
    }

    @Override
    public LibraryCall libraryCall(Shape in, Shape out) {
        return LibraryCall.of("dropout", new Arg.Real(rate));
    }
}
