package dev.aec.compiler.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every layer kind of the language, in the order the reference documents them: the one list a new
 * kind is added to. Backends hold their registries to it in tests.
 */
public final class LayerKinds {
    private static final Map<String, LayerSpec> SPECS = build();

    private LayerKinds() {
    }

    private static Map<String, LayerSpec> build() {
        List<LayerSpec> specs = new ArrayList<>(List.of(
                Dense.SPEC,
                Conv2d.SPEC,
                Conv2dTranspose.SPEC,
                MaxPool.SPEC,
                Upsample.SPEC,
                Flatten.SPEC,
                Reshape.SPEC,
                Gaussian.SPEC,
                BatchNorm.SPEC,
                Dropout.SPEC,
                GaussianNoise.SPEC));
        specs.addAll(Activate.SPECS);
        specs.addAll(List.of(Add.SPEC, Concat.SPEC));
        Map<String, LayerSpec> map = new LinkedHashMap<>();
        specs.forEach(s -> {
            if (map.put(s.name(), s) != null) {
                throw new IllegalStateException("two layer kinds are named " + s.name());
            }
        });
        return map;
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

    /** The record classes of all kinds, each once (the activations share one). */
    public static List<Class<? extends dev.aec.compiler.model.Layer>> types() {
        return SPECS.values().stream().<Class<? extends dev.aec.compiler.model.Layer>>map(LayerSpec::type)
                .distinct().toList();
    }

    /** Our name for a Keras layer people bring with them (`Conv2D` is `conv2d`). */
    public static Optional<String> forKeras(String kerasName) {
        return SPECS.values().stream().filter(s -> s.kerasNames().contains(kerasName)).map(LayerSpec::name)
                .findFirst();
    }
}
