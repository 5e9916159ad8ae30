package dev.aec.compiler.model;

import dev.aec.compiler.source.Span;
import java.util.List;
import java.util.OptionalInt;

/**
 * A learning-rate schedule (the `lr_schedule:` setting), applied to the optimizer's
 * `learning_rate` with Keras's formulas. Every schedule may start with `warmup` steps that rise
 * linearly from 0 to the rate the schedule gives: the rate of step s (from 0) is that rate times
 * (s + 1) / warmup; the schedules counted in steps start after the warmup.
 */
public sealed interface Schedule {
    /** The kinds a train block can name, for messages and suggestions. */
    List<String> KINDS = List.of("step", "exponential", "cosine", "on_plateau");

    /** For dispatch with a switch that names every kind. */
    enum Kind {
        STEP,
        EXPONENTIAL,
        COSINE,
        ON_PLATEAU;

        /** The name a train block writes, one of {@link #KINDS}. */
        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** How the rate changes, in one line for the reference and the editor. */
        public String summary() {
            return switch (this) {
                case STEP -> "multiplies the rate by `factor` every `every` epochs";
                case EXPONENTIAL -> "multiplies the rate by `decay` every `every` steps, smoothly or, with "
                        + "`staircase`, at once";
                case COSINE -> "lowers the rate along half a cosine over `epochs` epochs to `alpha` times it";
                case ON_PLATEAU -> "multiplies the rate by `factor` when the monitored loss has not improved for "
                        + "`patience` epochs";
            };
        }
    }

    Kind kind();

    /** Steps of linear warmup, 0 for none. */
    int warmup();

    Span span();

    /** `base * factor^floor(epoch / every)`, epochs counted from 0. */
    record Step(int every, double factor, int warmup, Span span) implements Schedule {
        public Step {
            require(every >= 1 && factor > 0 && factor < 1 && warmup >= 0);
        }

        @Override
        public Kind kind() {
            return Kind.STEP;
        }

        @Override
        public String toString() {
            return "step(every: " + every + ", factor: " + Numbers.format(factor) + warmupText(warmup) + ")";
        }
    }

    /** Keras's `ExponentialDecay`: `base * decay^(step / every)`, the exponent floored when `staircase`. */
    record Exponential(double decay, int every, boolean staircase, int warmup, Span span) implements Schedule {
        public Exponential {
            require(decay > 0 && decay <= 1 && every >= 1 && warmup >= 0);
        }

        @Override
        public Kind kind() {
            return Kind.EXPONENTIAL;
        }

        @Override
        public String toString() {
            return "exponential(decay: " + Numbers.format(decay) + ", every: " + every + ", staircase: " + staircase
                    + warmupText(warmup) + ")";
        }
    }

    /**
     * Keras's `CosineDecay` over `epochs` epochs' steps (the train block's epochs when empty):
     * `base * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, steps) / steps)) + alpha)`.
     */
    record Cosine(OptionalInt epochs, double alpha, int warmup, Span span) implements Schedule {
        public Cosine {
            require((epochs.isEmpty() || epochs.getAsInt() >= 1) && alpha >= 0 && alpha <= 1 && warmup >= 0);
        }

        @Override
        public Kind kind() {
            return Kind.COSINE;
        }

        @Override
        public String toString() {
            return "cosine(" + (epochs.isPresent() ? "epochs: " + epochs.getAsInt() + ", " : "") + "alpha: "
                    + Numbers.format(alpha) + warmupText(warmup) + ")";
        }
    }

    /**
     * Keras's `ReduceLROnPlateau` on the monitored loss: after `patience` epochs without an
     * improvement of more than `minDelta`, the rate becomes `max(rate * factor, minLr)`, then
     * `cooldown` epochs pass before waiting counts again.
     */
    record OnPlateau(int patience, double factor, double minLr, double minDelta, int cooldown, int warmup, Span span)
            implements Schedule {
        public OnPlateau {
            require(patience >= 0 && factor > 0 && factor < 1 && minLr >= 0 && minDelta >= 0 && cooldown >= 0
                    && warmup >= 0 && Double.isFinite(minLr) && Double.isFinite(minDelta));
        }

        @Override
        public Kind kind() {
            return Kind.ON_PLATEAU;
        }

        @Override
        public String toString() {
            return "on_plateau(patience: " + patience + ", factor: " + Numbers.format(factor) + ", min_lr: "
                    + Numbers.format(minLr) + ", min_delta: " + Numbers.format(minDelta) + ", cooldown: " + cooldown
                    + warmupText(warmup) + ")";
        }
    }

    private static String warmupText(int warmup) {
        return warmup == 0 ? "" : ", warmup: " + warmup;
    }

    private static void require(boolean ok) {
        if (!ok) {
            throw new IllegalArgumentException("a schedule's arguments out of range; the resolver checks them");
        }
    }
}
