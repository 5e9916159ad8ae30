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
