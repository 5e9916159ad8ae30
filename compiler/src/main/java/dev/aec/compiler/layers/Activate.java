package dev.aec.compiler.layers;

import static dev.aec.compiler.layers.LayerSpec.Param.optional;

import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.LibraryCall;
import dev.aec.compiler.model.LibraryCall.Arg;
import dev.aec.compiler.model.ShapeResult;
import dev.aec.compiler.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A standalone activation, like Keras's Activation layer: one spec per activation function. */
public record Activate(Activation activation) implements Layer {
    /** `relu`, `sigmoid`, ..., `leaky_relu(alpha)`, `elu(alpha)`, in the order of {@link ActivationKind}. */
    public static final List<LayerSpec> SPECS = Arrays.stream(ActivationKind.values()).map(Activate::spec).toList();

    private static LayerSpec spec(ActivationKind kind) {
        LayerSpec.Builder b = LayerSpec.of(kind.keyword(), Activate.class)
                .summary("standalone activation")
                .output("unchanged")
                .keras(switch (kind) {
                    case LEAKY_RELU -> new String[] {"LeakyReLU"};
                    case ELU -> new String[] {"ELU"};
                    case LINEAR, RELU, SIGMOID, TANH, SOFTMAX -> new String[0];
                });
        if (kind.hasAlpha()) {
            b.param(optional("alpha", ArgType.NUMBER, kind.defaultAlpha(), Double.toString(kind.defaultAlpha()),
                    kind == ActivationKind.LEAKY_RELU ? "slope for negative inputs" : "scale for negative inputs"));
        }
        return b.build(a -> new Activate(new Activation(kind, kind.hasAlpha() ? a.number("alpha") : 0.0)));
    }

    @Override
    public Optional<Activation> appliedActivation() {
        return Optional.of(activation);
    }

    @Override
    public String kind() {
        return activation.kind().keyword();
    }

    @Override
    public String describe() {
        return activation.toString();
    }

    @Override
    public ShapeResult output(Shape in) {
        return Outputs.ok(in, 0);
    }

    @Override
    public LibraryCall libraryCall(Shape in, Shape out) {
        return LibraryCall.of("activation", new Arg.Act(activation));
    }

    /** `, relu` after a layer's other arguments in {@link Layer#describe()}; nothing for linear. */
    static String suffix(Activation activation) {
        return activation.kind() == ActivationKind.LINEAR ? "" : ", " + activation;
    }
}
