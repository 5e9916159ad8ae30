package dev.aec.runtime.train;

import dev.aec.compiler.model.EarlyStop;
import dev.aec.compiler.model.Schedule;
import java.util.Optional;

/**
 * A run's early stopping and learning-rate schedule, and the state they carry from epoch to epoch
 * (saved with every checkpoint, so a resumed run decides exactly as an uninterrupted one). Both
 * watch one loss per epoch, the monitored loss: the validation loss, else the training loss.
 *
 * <p>Early stopping is Keras's `EarlyStopping` in mode `min` (tf.keras 2.11 on): an epoch improves
 * when its loss is below the best so far minus `min_delta` (the best starts at +infinity); an
 * improvement sets `wait` to 0, any other epoch adds one, and training stops at the end of the
 * epoch where `wait` reaches `patience`. The best epoch is tracked by that rule even without early
 * stopping (with `min_delta` 0, as Keras's `ModelCheckpoint(save_best_only=True)` compares), for
 * `checkpoint: best`.
 *
 * <p>`on_plateau` is Keras's `ReduceLROnPlateau`, with its own best and wait: during a cooldown each
 * epoch counts the cooldown down and keeps `wait` at 0; an improvement (by more than its `min_delta`)
 * resets `wait`; otherwise, out of cooldown, `wait` grows, and at `patience` the rate becomes
 * `max(rate * factor, min_lr)` (when it is above `min_lr`), `wait` resets and the cooldown starts.
 */
public final class TrainingControls {
    /**
     * What the controls carry between epochs: the best monitored loss and its epoch (-1 before
     * any), epochs since it improved, `on_plateau`'s own best, wait and cooldown, the rate it has
     * reached, and whether early stopping has stopped the run.
     */
    public record State(double best, int bestEpoch, int waited, double plateauBest, int plateauWait, int cooldown,
                        double rate, boolean stopped) {
        public static State initial(double rate) {
            return new State(Double.POSITIVE_INFINITY, -1, 0, Double.POSITIVE_INFINITY, 0, 0, rate, false);
        }
    }

    /** What an epoch's end decided: whether it is the best so far, and whether training stops. */
    public record Decision(boolean best, boolean stop) {
    }

    private final Optional<EarlyStop> earlyStop;
    private final Optional<Schedule> schedule;
    private final Optional<LearningRates> rates;
    private final double base;
    private State state;

    /**
     * `base` is the optimizer's learning rate, `batches` the steps of an epoch, `epochs` the run's;
     * `state` where the run stands ({@link State#initial} for a new one).
     */
    public TrainingControls(Optional<EarlyStop> earlyStop, Optional<Schedule> schedule, double base, int batches,
                            int epochs, State state) {
        this.earlyStop = earlyStop;
        this.schedule = schedule;
        this.rates = schedule.map(s -> new LearningRates(s, base, batches, epochs));
        this.base = base;
        this.state = state;
    }

    /** No early stopping and the optimizer's constant rate (`base`, NaN when not known). */
    public static TrainingControls none(double base) {
        return new TrainingControls(Optional.empty(), Optional.empty(), base, 1, 1, State.initial(base));
    }

    /** True when the rate changes during the run, so the trainer sets it before every step. */
    public boolean scheduled() {
        return rates.isPresent();
    }

    /** The learning rate of batch `batch` of `epoch`. */
    public double rate(int epoch, int batch) {
        return rates.map(r -> r.rate(epoch, batch, state.rate())).orElse(base);
    }

    public State state() {
        return state;
    }

    public boolean stopped() {
        return state.stopped();
    }

    /** Weighs the monitored loss of `epoch` (a loss that is not a number never improves). */
    public Decision epochEnded(int epoch, double monitored) {
        double minDelta = earlyStop.map(EarlyStop::minDelta).orElse(0.0);
        double best = state.best();
        int bestEpoch = state.bestEpoch();
        int wait = state.waited();
        boolean improved = monitored < best - minDelta;
        boolean stop = false;
        if (improved) {
            best = monitored;
            bestEpoch = epoch;
            wait = 0;
        } else {
            wait++;
            stop = earlyStop.isPresent() && wait >= earlyStop.get().patience();
        }
        double plateauBest = state.plateauBest();
        int plateauWait = state.plateauWait();
        int cooldown = state.cooldown();
        double rate = state.rate();
        if (schedule.isPresent() && schedule.get() instanceof Schedule.OnPlateau p) {
            if (cooldown > 0) {
                cooldown--;
                plateauWait = 0;
            }
            if (monitored < plateauBest - p.minDelta()) {
                plateauBest = monitored;
                plateauWait = 0;
            } else if (cooldown == 0) {
                plateauWait++;
                if (plateauWait >= p.patience() && rate > p.minLr()) {
                    rate = Math.max(rate * p.factor(), p.minLr());
                    cooldown = p.cooldown();
                    plateauWait = 0;
                }
            }
        }
        state = new State(best, bestEpoch, wait, plateauBest, plateauWait, cooldown, rate, stop);
        return new Decision(improved, stop);
    }
}
