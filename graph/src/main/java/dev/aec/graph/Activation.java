package dev.aec.graph;

import java.util.Objects;

/**
 * An activation function as Keras names it, with its parameter: the slope of {@code leaky_relu} for
 * negative inputs and the scale of {@code elu}; the other kinds ignore {@code alpha} (0).
 */
public record Activation(Kind kind, double alpha) {
    /** The activation functions aec knows. */
    public enum Kind {
        LINEAR,
        RELU,
        SIGMOID,
        TANH,
        SOFTMAX,
        LEAKY_RELU,
        ELU
    }

    public Activation {
        Objects.requireNonNull(kind);
        if (kind != Kind.LEAKY_RELU && kind != Kind.ELU && alpha != 0) {
            throw new IllegalArgumentException(kind + " takes no alpha, got " + alpha);
        }
    }

    /** Keras's {@code linear}: the identity. */
    public static Activation linear() {
        return new Activation(Kind.LINEAR, 0);
    }

    /** Keras's {@code relu}: max(x, 0). */
    public static Activation relu() {
        return new Activation(Kind.RELU, 0);
    }

    /** Keras's {@code sigmoid}: 1 / (1 + exp(-x)). */
    public static Activation sigmoid() {
        return new Activation(Kind.SIGMOID, 0);
    }

    /** Keras's {@code tanh}. */
    public static Activation tanh() {
        return new Activation(Kind.TANH, 0);
    }

    /** Keras's {@code softmax} over the last axis. */
    public static Activation softmax() {
        return new Activation(Kind.SOFTMAX, 0);
    }

    /** Keras's {@code LeakyReLU(alpha)}: x for x > 0, alpha * x otherwise (Keras's default alpha is 0.3). */
    public static Activation leakyRelu(double alpha) {
        return new Activation(Kind.LEAKY_RELU, alpha);
    }

    /** Keras's {@code ELU(alpha)}: x for x > 0, alpha * (exp(x) - 1) otherwise (Keras's default alpha is 1). */
    public static Activation elu(double alpha) {
        return new Activation(Kind.ELU, alpha);
    }
}
