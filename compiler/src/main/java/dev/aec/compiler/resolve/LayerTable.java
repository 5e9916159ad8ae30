package dev.aec.compiler.resolve;

import static dev.aec.compiler.resolve.LayerSpec.Param.derived;
import static dev.aec.compiler.resolve.LayerSpec.Param.optional;
import static dev.aec.compiler.resolve.LayerSpec.Param.required;

import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.Padding;
import dev.aec.compiler.model.Size2;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every layer kind of the language, in the order the reference documents them. */
public final class LayerTable {
    private static final Map<String, LayerSpec> SPECS = build();

    private LayerTable() {
    }

    public static Optional<LayerSpec> find(String name) {
        return Optional.ofNullable(SPECS.get(name));
    }

    public static List<LayerSpec> all() {
        return List.copyOf(SPECS.values());
    }

    public static List<String> names() {
        return List.copyOf(SPECS.keySet());
    }

    private static Map<String, LayerSpec> build() {
        List<LayerSpec> specs = new ArrayList<>();
        specs.add(new LayerSpec("dense", List.of(
                required("units", ArgType.COUNT, "number of outputs"),
                optional("activation", ArgType.ACTIVATION, Activation.LINEAR, "linear", "applied to the output"),
                optional("use_bias", ArgType.BOOL, true, "true", "add a learned bias")),
                a -> new Layer.Dense(a.count("units"), a.activation("activation"), a.bool("use_bias")),
                "fully connected layer on a vector: `n` inputs to `units` outputs"));
        specs.add(new LayerSpec("conv2d", List.of(
                required("filters", ArgType.COUNT, "number of output channels"),
                required("kernel", ArgType.SIZE2, "window size"),
                optional("stride", ArgType.SIZE2, Size2.square(1), "1x1", "step between windows"),
                optional("padding", ArgType.PADDING, Padding.VALID, "valid", "`same` pads to keep ceil(in/stride)"),
                optional("activation", ArgType.ACTIVATION, Activation.LINEAR, "linear", "applied to the output"),
                optional("use_bias", ArgType.BOOL, true, "true", "add a learned bias per filter")),
                a -> new Layer.Conv2d(a.count("filters"), a.size2("kernel"), a.size2("stride"), a.padding("padding"),
                        a.activation("activation"), a.bool("use_bias")),
                "2-D convolution over height x width x channels"));
        specs.add(new LayerSpec("maxpool", List.of(
                optional("size", ArgType.SIZE2, Size2.square(2), "2x2", "pooling window"),
                derived("stride", ArgType.SIZE2, "the size", "step between windows"),
                optional("padding", ArgType.PADDING, Padding.VALID, "valid", "`same` keeps ceil(in/stride)")),
                a -> new Layer.MaxPool(a.size2("size"), a.size2Or("stride", a.size2("size")), a.padding("padding")),
                "maximum over each window"));
        specs.add(new LayerSpec("upsample", List.of(
                optional("size", ArgType.SIZE2, Size2.square(2), "2x2", "repeat factor for rows and columns")),
                a -> new Layer.Upsample(a.size2("size")),
                "nearest-neighbour upsampling: repeats rows and columns"));
        specs.add(new LayerSpec("flatten", List.of(),
                a -> new Layer.Flatten(),
                "any shape to a vector, row-major"));
        specs.add(new LayerSpec("reshape", List.of(
                required("shape", ArgType.SHAPE, "the new shape, same number of elements")),
                a -> new Layer.Reshape(a.shape("shape")),
                "the same elements in a new shape"));
        specs.add(new LayerSpec("gaussian", List.of(
                required("units", ArgType.COUNT, "size of the latent vector"),
                optional("beta", ArgType.WEIGHT, 1.0, "1.0", "weight of the KL term in the loss")),
                a -> new Layer.Gaussian(a.count("units"), a.number("beta")),
                "variational latent: mean and log-variance of `units` normals, sampled when training"));
        for (ActivationKind kind : ActivationKind.values()) {
            List<LayerSpec.Param> params = kind.hasAlpha()
                    ? List.of(optional("alpha", ArgType.NUMBER, kind.defaultAlpha(), Double.toString(kind.defaultAlpha()),
                    kind == ActivationKind.LEAKY_RELU ? "slope for negative inputs" : "scale for negative inputs"))
                    : List.of();
            specs.add(new LayerSpec(kind.keyword(), params,
                    a -> new Layer.Activate(new Activation(kind, kind.hasAlpha() ? a.number("alpha") : 0.0)),
                    "standalone activation"));
        }
        Map<String, LayerSpec> map = new LinkedHashMap<>();
        specs.forEach(s -> map.put(s.name(), s));
        return map;
    }
}
