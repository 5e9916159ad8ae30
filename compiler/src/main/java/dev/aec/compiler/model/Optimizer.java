package dev.aec.compiler.model;

import dev.aec.compiler.source.Span;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** An optimizer with every parameter filled in (defaults included). */
public record Optimizer(OptimizerKind kind, Map<String, Double> params, Span span) {
    public Optimizer {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public double param(String name) {
        Double value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException(kind.keyword() + " has no parameter " + name);
        }
        return value;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kind.keyword()).append('(');
        String sep = "";
        for (Map.Entry<String, Double> e : params.entrySet()) {
            String value = kind.isFlag(e.getKey()) ? Boolean.toString(e.getValue() != 0) : Double.toString(e.getValue());
            sb.append(sep).append(e.getKey()).append(": ").append(value);
            sep = ", ";
        }
        return sb.append(')').toString();
    }
}
