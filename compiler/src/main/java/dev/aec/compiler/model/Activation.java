package dev.aec.compiler.model;

/** An activation function with its parameter (only leaky_relu and elu use alpha). */
public record Activation(ActivationKind kind, double alpha) {
    public static final Activation LINEAR = of(ActivationKind.LINEAR);

    public static Activation of(ActivationKind kind) {
        return new Activation(kind, kind.defaultAlpha());
    }

    @Override
    public String toString() {
        if (kind.hasAlpha() && alpha != kind.defaultAlpha()) {
            return kind.keyword() + "(" + alpha + ")";
        }
        return kind.keyword();
    }
}
