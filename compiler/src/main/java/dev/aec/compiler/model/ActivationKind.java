package dev.aec.compiler.model;

import java.util.Locale;

/** The activation functions the language knows, spelled as in Keras. */
public enum ActivationKind {
    LINEAR,
    RELU,
    SIGMOID,
    TANH,
    SOFTMAX,
    LEAKY_RELU,
    ELU;

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the function computes, in one line for the reference and the editor. */
    public String summary() {
        return switch (this) {
            case LINEAR -> "the identity: the values pass unchanged";
            case RELU -> "`max(0, x)`";
            case SIGMOID -> "`1 / (1 + exp(-x))`, between 0 and 1";
            case TANH -> "the hyperbolic tangent, between -1 and 1";
            case SOFTMAX -> "exponentials scaled to sum to 1 over the last axis: class probabilities";
            case LEAKY_RELU -> "`x` above 0, `alpha * x` below (alpha " + Numbers.format(defaultAlpha())
                    + " unless given)";
            case ELU -> "`x` above 0, `alpha * (exp(x) - 1)` below (alpha " + Numbers.format(defaultAlpha())
                    + " unless given)";
        };
    }

    /** Keras's default slope or scale for the parameterised ones (LeakyReLU 0.3, ELU 1.0). */
    public double defaultAlpha() {
        return switch (this) {
            case LEAKY_RELU -> 0.3;
            case ELU -> 1.0;
            case LINEAR, RELU, SIGMOID, TANH, SOFTMAX -> 0.0;
        };
    }

    public boolean hasAlpha() {
        return this == LEAKY_RELU || this == ELU;
    }
}
