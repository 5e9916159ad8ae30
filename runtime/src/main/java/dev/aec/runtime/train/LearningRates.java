package dev.aec.runtime.train;

import dev.aec.compiler.model.Schedule;

/**
 * The learning rate of every step under a train block's `lr_schedule`, with Keras's formulas.
 * Steps count from 0 over the whole run (an epoch of `batches` steps each); epochs from 0. A
 * warmup of N steps scales the rate the schedule gives by (step + 1) / N, so the first step
 * already learns and the N-th reaches the full rate; the schedules counted in steps
 * (`exponential`, `cosine`) start after it, as Keras 3's `CosineDecay` with `warmup_steps` does.
 */
public final class LearningRates {
    private final Schedule schedule;
    private final double base;
    private final int batches;
    private final int epochs;

    /**
     * `base` is the optimizer's learning rate; `batches` the steps of an epoch; `epochs` the run's,
     * over which `cosine` decays when it names no epochs of its own.
     */
    public LearningRates(Schedule schedule, double base, int batches, int epochs) {
        if (batches < 1 || epochs < 1) {
            throw new IllegalArgumentException("batches and epochs must be positive");
        }
        this.schedule = schedule;
        this.base = base;
        this.batches = batches;
        this.epochs = epochs;
    }

    /** The rate of batch `batch` of `epoch`; `plateau` is the rate `on_plateau` has reached. */
    public double rate(int epoch, int batch, double plateau) {
        long step = (long) epoch * batches + batch;
        int warmup = schedule.warmup();
        double target = scheduled(step - warmup < 0 ? 0 : step - warmup, epoch, plateau);
        return step < warmup ? target * (step + 1) / warmup : target;
    }

    /** The schedule proper at `step` steps after the warmup, in `epoch`. */
    private double scheduled(long step, int epoch, double plateau) {
        return switch (schedule.kind()) {
            case STEP -> {
                Schedule.Step s = (Schedule.Step) schedule;
                yield base * Math.pow(s.factor(), Math.floorDiv(epoch, s.every()));
            }
            case EXPONENTIAL -> {
                // Keras's ExponentialDecay: decay_rate ^ (step / decay_steps), floored with staircase.
                Schedule.Exponential s = (Schedule.Exponential) schedule;
                double p = (double) step / s.every();
                yield base * Math.pow(s.decay(), s.staircase() ? Math.floor(p) : p);
            }
            case COSINE -> {
                // Keras's CosineDecay: the step is clamped at decay_steps, where the rate stays at alpha * base.
                Schedule.Cosine s = (Schedule.Cosine) schedule;
                double decaySteps = (double) s.epochs().orElse(epochs) * batches;
                double done = Math.min(step, decaySteps) / decaySteps;
                yield base * ((1 - s.alpha()) * 0.5 * (1 + Math.cos(Math.PI * done)) + s.alpha());
            }
            case ON_PLATEAU -> plateau;
        };
    }
}
