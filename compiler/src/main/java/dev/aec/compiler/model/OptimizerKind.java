package dev.aec.compiler.model;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Optimizers with their parameters and defaults (Keras's, except where a comment says why). */
public enum OptimizerKind {
    // Adadelta's learning rate defaults to 1.0 as in the original paper and the Keras of the
    // tutorial; Keras 2.3+ changed it to 0.001, which barely trains in the tutorial's epochs.
    ADADELTA(params("learning_rate", 1.0, "rho", 0.95, "epsilon", 1e-7)),
    ADAM(params("learning_rate", 0.001, "beta_1", 0.9, "beta_2", 0.999, "epsilon", 1e-7)),
    SGD(params("learning_rate", 0.01, "momentum", 0.0, "nesterov", 0.0)),
    RMSPROP(params("learning_rate", 0.001, "rho", 0.9, "momentum", 0.0, "epsilon", 1e-7)),
    ADAGRAD(params("learning_rate", 0.001, "initial_accumulator_value", 0.1, "epsilon", 1e-7));

    private final Map<String, Double> defaults;

    OptimizerKind(Map<String, Double> defaults) {
        this.defaults = defaults;
    }

    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** How the optimizer steps, in one line for the reference and the editor. */
    public String summary() {
        return switch (this) {
            case ADADELTA -> "Adadelta: a step per weight from running averages of its squared gradients and updates";
            case ADAM -> "Adam: running averages of the gradient and of its square, corrected for their start at 0";
            case SGD -> "stochastic gradient descent, with optional momentum (and Nesterov's form of it)";
            case RMSPROP -> "RMSprop: the gradient divided by a running average of its square";
            case ADAGRAD -> "Adagrad: each weight's step shrinks with the sum of its squared gradients";
        };
    }

    /** Parameter names in documentation order, with their defaults. */
    public Map<String, Double> defaults() {
        return defaults;
    }

    /** Boolean parameters are written `true`/`false` and stored as 1/0. */
    public boolean isFlag(String parameter) {
        return parameter.equals("nesterov");
    }

    private static Map<String, Double> params(Object... pairs) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (Double) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
