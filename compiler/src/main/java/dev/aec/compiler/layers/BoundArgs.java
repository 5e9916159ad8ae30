package dev.aec.compiler.layers;

import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.Padding;
import dev.aec.compiler.model.Size2;
import dev.aec.compiler.types.Shape;
import java.util.Map;
import java.util.Optional;

/** The arguments of one layer call after matching and typing, defaults filled in. */
public final class BoundArgs {
    private final Map<String, Object> values;

    public BoundArgs(Map<String, Object> values) {
        this.values = Map.copyOf(values);
    }

    private Object get(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new IllegalStateException("argument `" + name + "` was not bound");
        }
        return value;
    }

    public int count(String name) {
        return (Integer) get(name);
    }

    public Size2 size2(String name) {
        return (Size2) get(name);
    }

    /** A derived default: the value if given, else `fallback`. */
    public Size2 size2Or(String name, Size2 fallback) {
        return Optional.ofNullable((Size2) values.get(name)).orElse(fallback);
    }

    /** An optional argument without a default: empty when not given. */
    public Optional<Size2> optionalSize2(String name) {
        return Optional.ofNullable((Size2) values.get(name));
    }

    public Shape shape(String name) {
        return (Shape) get(name);
    }

    public Activation activation(String name) {
        return (Activation) get(name);
    }

    public Padding padding(String name) {
        return (Padding) get(name);
    }

    public boolean bool(String name) {
        return (Boolean) get(name);
    }

    public int axis(String name) {
        return (Integer) get(name);
    }

    public double number(String name) {
        return (Double) get(name);
    }
}
