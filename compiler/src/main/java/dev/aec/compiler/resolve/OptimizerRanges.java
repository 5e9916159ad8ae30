package dev.aec.compiler.resolve;

import java.util.Optional;

/** Valid ranges of optimizer parameters, as the optimizers' definitions require. */
final class OptimizerRanges {
    private OptimizerRanges() {
    }

    /** What is wrong with the value, in words, or empty when it is valid. */
    static Optional<String> problem(String parameter, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Optional.of("must be a finite number");
        }
        return switch (parameter) {
            case "learning_rate", "epsilon" -> value > 0 ? Optional.empty() : Optional.of("must be positive");
            case "rho", "beta_1", "beta_2", "momentum" -> value >= 0 && value < 1 ? Optional.empty()
                    : Optional.of("must be at least 0 and below 1");
            case "initial_accumulator_value" -> value >= 0 ? Optional.empty() : Optional.of("must not be negative");
            default -> Optional.empty();
        };
    }
}
