package dev.aec.runtime.train;

import dev.aec.runtime.backend.CompiledModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The training loop: each epoch reshuffles the training rows with the seed, steps through them in
 * batches (the last batch may be smaller, as in Keras), then measures the validation loss. Each
 * batch's targets come from the examples (the inputs, or the labels); its inputs get the plan's
 * noise, drawn from the seed, the epoch and the batch only. A stop request is honoured between
 * batches: the loop saves a checkpoint and returns, and a later run carries on from that exact
 * batch. Checkpoints are also saved at the end of every epoch and as often as the plan asks within
 * one. A loss or gradient that is not finite, looked for on every batch that measures its loss,
 * stops the loop before anything more is saved, so the last checkpoint on disk stays the last good
 * one (and a checkpoint is never written from weights that are not finite). With training controls
 * the learning rate is set before every step, and each epoch's monitored loss may stop the loop
 * early ({@link TrainingControls}); their state is saved with every checkpoint.
 */
public final class Trainer {
    /** How long and how to train, and how often to save a checkpoint within an epoch. */
    public record Plan(int epochs, int batch, boolean shuffle, long seed, InputNoise noise, CheckpointEvery every) {
        public Plan {
            if (epochs < 1 || batch < 1) {
                throw new IllegalArgumentException("epochs and batch must be positive");
            }
        }

        public Plan(int epochs, int batch, boolean shuffle, long seed, InputNoise noise) {
            this(epochs, batch, shuffle, seed, noise, CheckpointEvery.DEFAULT);
        }

        /** A plan without input noise. */
        public Plan(int epochs, int batch, boolean shuffle, long seed) {
            this(epochs, batch, shuffle, seed, InputNoise.none());
        }

        /**
         * The order of `count` training examples in `epoch`: a seeded shuffle, the same on every
         * resume, so it is known before the epoch starts.
         */
        public int[] order(int epoch, int count) {
            int[] order = new int[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            if (shuffle) {
                SplittableRandom random = new SplittableRandom(seed * 1_000_003L + epoch);
                for (int i = count - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                }
            }
            return order;
        }

        /** How many batches an epoch of `count` examples has: the last may be smaller. */
        public int batches(int count) {
            return (count + batch - 1) / batch;
        }

        /** The examples of batch `b` of an epoch in `order`. */
        int[] batch(int[] order, int b) {
            int from = b * batch;
            return Arrays.copyOfRange(order, from, Math.min(order.length, from + batch));
        }
    }

    /**
     * Where a run stands: the next batch to train, and the running loss of the current epoch
     * (`lossSum` over the `lossSamples` samples of the batches whose loss was measured).
     */
    public record Position(int epoch, int batch, double lossSum, long lossSamples, long samplesSeen,
                           double secondsInEpoch) {
        public static final Position START = new Position(0, 0, 0, 0, 0, 0);
    }

    /**
     * How many batches ahead the trainer asks rows on disk to read ({@link Examples#prefetch}): the
     * next two, so that one batch read slowly from a cold file still has a whole step to finish.
     * Each step asks for the whole window again; rows already in memory cost a touch per page.
     */
    public static final int PREFETCH_BATCHES = 2;

    /**
     * The training loss is measured on every this many batches and on each epoch's last; SameDiff's
     * fastest loop does not compute it, and measuring it costs 15-25% of a step.
     */
    public static final int LOSS_EVERY = 10;

    /**
     * One finished epoch; the validation loss's parts for a model with a gaussian layer, the
     * validation accuracy for a classifier; the learning rate of its last step (NaN when not known).
     */
    public record EpochResult(int epoch, double trainLoss, OptionalDouble validationLoss,
                              Optional<Evaluator.Parts> validationParts, double seconds, double samplesPerSecond,
                              OptionalDouble validationAccuracy, double learningRate) {
        public EpochResult(int epoch, double trainLoss, OptionalDouble validationLoss,
                           Optional<Evaluator.Parts> validationParts, double seconds, double samplesPerSecond,
                           OptionalDouble validationAccuracy) {
            this(epoch, trainLoss, validationLoss, validationParts, seconds, samplesPerSecond, validationAccuracy,
                    Double.NaN);
        }

        /** What early stopping and `on_plateau` watch: the validation loss, else the training loss. */
        public double monitored() {
            return validationLoss.isPresent() ? validationLoss.getAsDouble() : trainLoss;
        }
    }

    /** How a run ended. */
    public enum Outcome {
        FINISHED,
        INTERRUPTED,
        /** A loss or a gradient was not finite; nothing was saved after the last good checkpoint. */
        DIVERGED
    }

    /** How the loop ended; `divergence` says where and what, for a diverged run. */
    public record Result(Outcome outcome, Position position, List<EpochResult> history, Optional<String> divergence) {
        public Result {
            history = List.copyOf(history);
        }

        Result(Outcome outcome, Position position, List<EpochResult> history) {
            this(outcome, position, history, Optional.empty());
        }
    }

    /** Progress for the user; called on the training thread. */
    public interface Listener {
        default void epochStarted(int epoch, int epochs, int batches, int firstBatch) {
        }

        default void batchDone(int epoch, int batch, int batches, double loss, long samples, double seconds) {
        }

        /**
         * How long the batch just trained took: gathering its samples from the examples (the time
         * the step waited for data) and the whole step, the gathering included. For benchmarks;
         * the loop reads the clock once more per batch for it, tens of nanoseconds.
         */
        default void batchTimed(long gatherNanos, long stepNanos) {
        }

        default void validating(int epoch) {
        }

        default void epochDone(EpochResult result) {
        }

        /**
         * Early stopping ends the run after `epoch` (from 0): its monitored loss has not improved for
         * `patience` epochs since `best`, reached at `bestEpoch`.
         */
        default void stoppedEarly(int epoch, int patience, double best, int bestEpoch) {
        }
    }

    /** Saves the model, the optimizer state and where the run stands. */
    public interface Checkpoints {
        void save(Position position, List<EpochResult> history) throws IOException;

        /**
         * Saves at the end of an epoch; `best` when the epoch's monitored loss is the best so far,
         * so the checkpoint's weights are the best epoch's.
         */
        default void saveEpoch(Position position, List<EpochResult> history, boolean best) throws IOException {
            save(position, history);
        }
    }

    private final CompiledModel model;
    private final Examples train;
    private final Optional<Examples> validation;
    private final Plan plan;
    private final TrainingControls controls;
    private final Optional<Steps> steps;
    /** The step of a loop that trains locally; null when `steps` are given. */
    private final TrainingStep localStep;

    /** A loop at the optimizer's constant rate, without early stopping. */
    public Trainer(CompiledModel model, TrainingStep step, Examples train, Optional<Examples> validation,
                   Plan plan) {
        this(model, step, train, validation, plan, TrainingControls.none(Double.NaN));
    }

    /** A loop training its batches one at a time on this machine ({@link LocalSteps}). */
    public Trainer(CompiledModel model, TrainingStep step, Examples train, Optional<Examples> validation,
                   Plan plan, TrainingControls controls) {
        this(model, train, validation, plan, controls, Optional.empty(), step);
    }

    /** A loop whose batches `steps` train, e.g. on other machines. */
    public Trainer(CompiledModel model, Examples train, Optional<Examples> validation, Plan plan,
                   TrainingControls controls, Steps steps) {
        this(model, train, validation, plan, controls, Optional.of(steps), null);
    }

    private Trainer(CompiledModel model, Examples train, Optional<Examples> validation, Plan plan,
                    TrainingControls controls, Optional<Steps> steps, TrainingStep localStep) {
        this.model = model;
        this.train = train;
        this.validation = validation;
        this.plan = plan;
        this.controls = controls;
        this.steps = steps;
        this.localStep = localStep;
    }

    public Result run(Position from, List<EpochResult> earlier, Listener listener, Checkpoints checkpoints,
                      BooleanSupplier stopRequested) throws IOException {
        List<EpochResult> history = new ArrayList<>(earlier);
        Steps taken = steps.orElseGet(() -> new LocalSteps(model, localStep, train, plan, controls, listener));
        int batches = taken.batches();
        Position position = from;
        // The position the files on disk hold: a stop there needs no new checkpoint.
        Position saved = from;
        long lastSave = System.nanoTime();
        if (taken instanceof LocalSteps local && position.epoch() < plan.epochs() && !controls.stopped()) {
            local.prefetchFrom(position.epoch(), position.batch());
        }
        // A run resumed after early stopping stopped it has nothing left to train.
        while (position.epoch() < plan.epochs() && !controls.stopped()) {
            int epoch = position.epoch();
            listener.epochStarted(epoch, plan.epochs(), batches, position.batch());
            double lossSum = position.lossSum();
            long lossSamples = position.lossSamples();
            long seen = position.samplesSeen();
            double seconds = position.secondsInEpoch();
            for (int b = position.batch(); b < batches; ) {
                Position here = new Position(epoch, b, lossSum, lossSamples, seen, seconds);
                if (stopRequested.getAsBoolean()) {
                    if (!here.equals(saved)) {
                        checkpoints.save(here, history);
                    }
                    return new Result(Outcome.INTERRUPTED, here, history);
                }
                if (b > position.batch() && plan.every().due(b - saved.batch(), System.nanoTime() - lastSave)) {
                    checkpoints.save(here, history);
                    saved = here;
                    lastSave = System.nanoTime();
                }
                Steps.Advance advance = taken.take(epoch, b);
                if (advance.divergence().isPresent()) {
                    return new Result(Outcome.DIVERGED, here, history, Optional.of(String.format(java.util.Locale.ROOT,
                            "%s at epoch %d, batch %d of %d", advance.divergence().get(), epoch + 1,
                            advance.batch() + 1, batches)));
                }
                lossSum += advance.lossSum();
                lossSamples += advance.lossSamples();
                seen += advance.samples();
                seconds += advance.seconds();
                b += advance.batches();
                listener.batchDone(epoch, b - 1, batches, lossSum / lossSamples, seen, seconds);
            }
            listener.validating(epoch);
            Optional<Evaluator.Evaluation> measured = validation.map(v -> Evaluator.evaluate(model, v, plan.noise()));
            if (measured.isPresent() && !Double.isFinite(measured.get().loss())) {
                return new Result(Outcome.DIVERGED, new Position(epoch, batches, lossSum, lossSamples, seen, seconds),
                        history, Optional.of(String.format(java.util.Locale.ROOT,
                                "the validation loss is not finite (%s) after epoch %d", measured.get().loss(), epoch + 1)));
            }
            EpochResult result = new EpochResult(epoch, lossSum / lossSamples,
                    measured.map(m -> OptionalDouble.of(m.loss())).orElse(OptionalDouble.empty()),
                    measured.flatMap(Evaluator.Evaluation::parts), seconds, seen / seconds,
                    measured.map(Evaluator.Evaluation::accuracy).orElse(OptionalDouble.empty()),
                    controls.rate(epoch, batches - 1));
            history.add(result);
            TrainingControls.Decision decision = controls.epochEnded(epoch, result.monitored());
            position = new Position(epoch + 1, 0, 0, 0, 0, 0);
            checkpoints.saveEpoch(position, history, decision.best());
            saved = position;
            lastSave = System.nanoTime();
            listener.epochDone(result);
            if (decision.stop()) {
                TrainingControls.State state = controls.state();
                listener.stoppedEarly(epoch, state.waited(), state.best(), state.bestEpoch());
            }
        }
        return new Result(Outcome.FINISHED, position, history);
    }

    /**
     * Asks `train`'s rows to start reading the batches a run from `from` trains first, before the
     * trainer exists: the model can be built meanwhile, so the first step does not wait for a cold
     * file. Values read never depend on it; rows in memory ignore it.
     */
    public static void prefetchStart(Examples train, Plan plan, Position from) {
        if (from.epoch() < plan.epochs()) {
            new Ahead(train, plan, from.epoch()).prefetch(from.batch());
        }
    }

    /**
     * The window of batches to prefetch, which may cross into the next epoch: keeps the order of
     * the current and the next epoch, each shuffled once. Does nothing for examples that do not
     * prefetch, without even shuffling.
     */
    static final class Ahead {
        private final Examples train;
        private final Plan plan;
        private final int batches;
        private int epoch;
        private int[] order;
        private int[] nextOrder;

        Ahead(Examples train, Plan plan, int epoch) {
            this.train = train;
            this.plan = plan;
            this.batches = plan.batches(train.count());
            this.epoch = epoch;
        }

        /** The order of `epoch`, the current one or the one after it. */
        int[] order(int e) {
            if (e == epoch + 1) {
                epoch = e;
                order = nextOrder;
                nextOrder = null;
            } else if (e != epoch) {
                throw new IllegalStateException("epoch " + e + " after epoch " + epoch);
            }
            if (order == null) {
                order = plan.order(epoch, train.count());
            }
            return order;
        }

        /**
         * Asks for {@link #PREFETCH_BATCHES} batches from batch `b` of the current epoch on, as far
         * as the plan and the next epoch go.
         */
        void prefetch(int b) {
            if (!train.prefetches()) {
                return;
            }
            int[][] window = new int[PREFETCH_BATCHES][];
            int n = 0;
            int at = b;
            boolean next = false;
            for (int k = 0; k < PREFETCH_BATCHES; k++, at++) {
                if (at >= batches) {
                    if (next || epoch + 1 >= plan.epochs()) {
                        break;
                    }
                    next = true;
                    at = 0;
                }
                window[n++] = plan.batch(next ? nextOrder() : order(epoch), at);
            }
            if (n > 0) {
                train.prefetch(concat(window, n));
            }
        }

        private int[] nextOrder() {
            if (nextOrder == null) {
                nextOrder = plan.order(epoch + 1, train.count());
            }
            return nextOrder;
        }

        private static int[] concat(int[][] parts, int n) {
            int length = 0;
            for (int i = 0; i < n; i++) {
                length += parts[i].length;
            }
            int[] all = new int[length];
            int at = 0;
            for (int i = 0; i < n; i++) {
                System.arraycopy(parts[i], 0, all, at, parts[i].length);
                at += parts[i].length;
            }
            return all;
        }
    }
}
