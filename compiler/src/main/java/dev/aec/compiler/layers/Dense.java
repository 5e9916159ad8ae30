package dev.aec.compiler.layers;

import static dev.aec.compiler.layers.LayerSpec.Param.optional;
import static dev.aec.compiler.layers.LayerSpec.Param.required;

import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.LibraryCall.Arg;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.model.Weight;
import dev.aec.compiler.types.Shape;
import dev.aec.compiler.types.ShapeRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Keras Dense: a matrix product over a vector, plus bias, then the activation. */
public record Dense(int units, Activation activation, boolean useBias) implements Layer {
    public static final LayerSpec SPEC = LayerSpec.of("dense", Dense.class)
            .summary("fully connected layer on a vector: `n` inputs to `units` outputs")
            .param(required("units", ArgType.COUNT, "number of outputs"))
            .param(optional("activation", ArgType.ACTIVATION, Activation.LINEAR, "linear", "applied to the output"))
            .param(optional("use_bias", ArgType.BOOL, true, "true", "add a learned bias"))
            .output("input must be a vector `n`; gives `units`")
            .parameters("`n*units + units`")
            .keras("Dense")
            .example("dense(64, activation: relu)")
            .build(a -> new Dense(a.count("units"), a.activation("activation"), a.bool("use_bias")));

    @Override
    public Optional<Activation> appliedActivation() {
        return Optional.of(activation);
    }

    @Override
    public String kind() {
        return SPEC.name();
    }

    @Override
    public String describe() {
        return "dense(" + units + Activate.suffix(activation) + (useBias ? "" : ", no bias") + ")";
    }

    @Override
    public ShapeResult output(Shape in) {
        return Outputs.needsVector("dense", in, "add `flatten` before it")
                .orElseGet(() -> Outputs.ok(Shape.of(units), ShapeRules.denseParams(in.dim(0), units, useBias)));
    }

    @Override
    public LibraryCall libraryCall(Shape in, Shape out) {
        return LibraryCall.of(useBias ? "dense" : "denseNoBias", new Arg.Int(in.dim(0)), new Arg.Int(units),
                new Arg.Act(activation));
    }

    @Override
    public long multiplyAdds(Shape in, Shape out) {
        return in.elements() * units;
    }

    @Override
    public List<Weight> weights(Shape in) {
        List<Weight> weights = new ArrayList<>();
        weights.add(Weight.glorot("kernel", Shape.of(in.dim(0), units), in.dim(0), units));
        if (useBias) {
            weights.add(Weight.zeros("bias", Shape.of(units)));
        }
        return weights;
    }
}
