package dev.aec.compiler.layers;

import static dev.aec.compiler.layers.LayerSpec.Param.required;

import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.LibraryCall.Arg;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.model.TrainingDraws;
import dev.aec.compiler.types.Shape;
import java.util.Optional;

/** Keras GaussianNoise: while training, adds N(0, stddev^2) noise to each value; at inference the identity. */
public record GaussianNoise(double stddev) implements Layer {
    public static final LayerSpec SPEC = LayerSpec.of("gaussian_noise", GaussianNoise.class)
            .summary("while training, adds normal noise of standard deviation `stddev` to each value")
            .param(required("stddev", ArgType.WEIGHT, "standard deviation of the noise"))
            .output("any shape, unchanged")
            .keras("GaussianNoise")
            .example("gaussian_noise(0.1)")
            .build(a -> new GaussianNoise(a.number("stddev")));

    @Override
    public boolean differsInTraining() {
        return true;
    }

    @Override
    public Optional<TrainingDraws> trainingDraws() {
        return Optional.of(TrainingDraws.NORMAL);
    }

    @Override
    public String kind() {
        return SPEC.name();
    }

    @Override
    public String describe() {
        return "gaussian_noise(" + stddev + ")";
    }

    @Override
    public ShapeResult output(Shape in) {
        return Outputs.ok(in, 0);
    }

    @Override
    public LibraryCall libraryCall(Shape in, Shape out) {
        return LibraryCall.of("gaussianNoise", new Arg.Real(stddev));
    }
}
