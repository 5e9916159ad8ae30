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

/**
 * Keras Dense: a matrix product over a vector, plus bias, then the activation. With `activity_l1`,
 * Keras's `activity_regularizer=l1(x)`: the loss gains x * sum(|output|) over the batch divided by
 * the batch size, on the output after the activation, as Keras's base layer adds it.
 */
public record Dense(int units, Activation activation, boolean useBias, double activityL1) implements Layer {
    public static final LayerSpec SPEC = LayerSpec.of("dense", Dense.class)
            .summary("fully connected layer on a vector: `n` inputs to `units` outputs")
            .param(required("units", ArgType.COUNT, "number of outputs"))
            .param(optional("activation", ArgType.ACTIVATION, Activation.LINEAR, "linear", "applied to the output"))
            .param(optional("use_bias", ArgType.BOOL, true, "true", "add a learned bias"))
            .param(optional("activity_l1", ArgType.WEIGHT, 0.0, "0",
                    "Keras's `activity_regularizer=l1(x)`: the loss adds `x * sum(|output|) / batch`"))
            .output("input must be a vector `n`; gives `units`")
            .parameters("`n*units + units`")
            .keras("Dense")
            .example("dense(64, activation: relu)")
            .build(a -> new Dense(a.count("units"), a.activation("activation"), a.bool("use_bias"),
                    a.number("activity_l1")));

    /** Keras Dense without an activity regularizer. */
    public Dense(int units, Activation activation, boolean useBias) {
        this(units, activation, useBias, 0.0);
    }

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
        return "dense(" + units + Activate.suffix(activation) + (useBias ? "" : ", no bias")
                + (activityL1 == 0 ? "" : ", activity_l1 " + activityL1) + ")";
    }

    /** Its activity penalty is a term of the loss of its own. */
    @Override
    public boolean addsToLoss() {
        return activityL1 > 0;
    }

    @Override
    public ShapeResult output(Shape in) {
        return Outputs.needsVector("dense", in, "add `flatten` before it")
                .orElseGet(() -> Outputs.ok(Shape.of(units), ShapeRules.denseParams(in.dim(0), units, useBias)));
    }

    @Override
    public LibraryCall libraryCall(Shape in, Shape out) {
        String method = useBias ? "dense" : "denseNoBias";
        if (activityL1 == 0) {
            return LibraryCall.of(method, new Arg.Int(in.dim(0)), new Arg.Int(units), new Arg.Act(activation));
        }
        return LibraryCall.of(method, new Arg.Int(in.dim(0)), new Arg.Int(units), new Arg.Act(activation),
                new Arg.Real(activityL1));
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
