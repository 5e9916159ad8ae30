package dev.aec.spark;

import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.train.InputNoise;
import dev.aec.runtime.train.LatentNoise;
import dev.aec.runtime.train.Modes;
import dev.aec.runtime.train.Trainer;
import dev.aec.runtime.train.TrainingStep;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * One round on one worker, run by Spark as the task of the worker's share: loads the driver's
 * snapshot into a model built from the recipe, trains its slices of batches `first` to
 * `first + length` of the epoch ({@link Shards}), one step per slice, and returns its snapshot
 * weighted by the samples trained. Each batch gets its noise and random draws from the run's seed, the epoch and
 * a batch number unique across workers (the batch itself with one worker, as a local run numbers
 * it), so a task retried by Spark trains exactly as its first attempt did and returns the same.
 */
final class Round implements Function2<Integer, Iterator<Tuple2<Long, Example>>, Iterator<RoundResult>>,
        Serializable {
    /** A test's failure, thrown by the first attempt of this worker's task in the round it names. */
    record Fault(int epoch, int first, int worker) implements Serializable {
    }

    /** How many injected failures were thrown in this JVM (tests run Spark locally, in their own JVM). */
    static final java.util.concurrent.atomic.AtomicInteger INJECTED = new java.util.concurrent.atomic.AtomicInteger();

    private final ModelRecipe recipe;
    private final Broadcast<Snapshot> start;
    private final int epoch;
    private final int first;
    private final int length;
    private final int epochBatches;
    private final long count;
    private final int workers;
    /** The learning rate of each batch of the round, or null to keep the optimizer's. */
    private final double[] rates;
    private final boolean averageState;
    private final Fault fault;

    Round(ModelRecipe recipe, Broadcast<Snapshot> start, int epoch, int first, int length, int epochBatches,
          long count, int workers, double[] rates, boolean averageState, Fault fault) {
        this.recipe = recipe;
        this.start = start;
        this.epoch = epoch;
        this.first = first;
        this.length = length;
        this.epochBatches = epochBatches;
        this.count = count;
        this.workers = workers;
        this.rates = rates;
        this.averageState = averageState;
        this.fault = fault;
    }

    @Override
    public Iterator<RoundResult> call(Integer worker, Iterator<Tuple2<Long, Example>> share) {
        if (fault != null && fault.epoch() == epoch && fault.first() == first && fault.worker() == worker
                && TaskContext.get() != null && TaskContext.get().attemptNumber() == 0) {
            INJECTED.incrementAndGet();
            throw new IllegalStateException("a failure injected by a test into worker " + worker + "'s task");
        }
        TaskThreads.limit(TaskContext.get() != null ? TaskContext.get().cpus() : 1);
        ModelRecipe.Built built = Workers.borrow(recipe);
        try {
            return List.of(train(worker, share, built)).iterator();
        } finally {
            Workers.giveBack(recipe, built);
        }
    }

    private RoundResult train(int worker, Iterator<Tuple2<Long, Example>> share, ModelRecipe.Built built) {
        TrainSpec spec = built.spec();
        CompiledModel model = built.model();
        TrainingStep step = built.step();
        start.value().applyTo(model, step);
        InputNoise noise = InputNoise.of(spec.noise());
        Shards shards = new Shards(count, spec.batch(), workers);
        Peeking examples = new Peeking(share);
        while (examples.hasNext() && shards.batchOf(examples.peek()._1()) < first) {
            examples.next();
        }
        long samples = 0;
        double lossSum = 0;
        long lossSamples = 0;
        long stepsStarted = System.nanoTime();
        for (int b = first; b < first + length; b++) {
            List<Example> slice = new ArrayList<>();
            while (examples.hasNext() && shards.batchOf(examples.peek()._1()) == b) {
                slice.add(examples.next()._2());
            }
            if (slice.isEmpty()) {
                // The epoch's last batch may be too small to give every worker an example.
                continue;
            }
            int numbered = b * workers + worker;
            int n = slice.size();
            INDArray clean = inputs(slice, model);
            INDArray targets = targets(slice, clean);
            INDArray input = noise.apply(clean, InputNoise.trainingSeed(spec.seed(), epoch, numbered));
            boolean measure = b % Trainer.LOSS_EVERY == 0 || b == epochBatches - 1;
            step.seedDraws(Modes.drawSeed(spec.seed(), epoch, numbered));
            if (rates != null) {
                step.learningRate(rates[b - first]);
            }
            double loss = step.run(input, targets, LatentNoise.draw(model, spec.seed(), epoch, numbered, n), measure);
            Optional<String> notFinite = measure && !Double.isFinite(loss)
                    ? Optional.of("the training loss is not finite (" + loss + ") on worker " + (worker + 1))
                    : step.nonFinite().map(what -> what + " on worker " + (worker + 1));
            if (notFinite.isPresent()) {
                return RoundResult.diverged(worker, notFinite.get(), b);
            }
            if (measure) {
                lossSum += loss * n;
                lossSamples += n;
            }
            samples += n;
        }
        long stepNanos = System.nanoTime() - stepsStarted;
        return RoundResult.of(worker, Snapshot.of(model, step), samples, lossSum, lossSamples, averageState)
                .withStepNanos(stepNanos);
    }

    /** An iterator that can look at its next element without taking it. */
    private static final class Peeking {
        private final Iterator<Tuple2<Long, Example>> from;
        private Tuple2<Long, Example> next;

        Peeking(Iterator<Tuple2<Long, Example>> from) {
            this.from = from;
        }

        boolean hasNext() {
            return next != null || from.hasNext();
        }

        Tuple2<Long, Example> peek() {
            if (next == null) {
                next = from.next();
            }
            return next;
        }

        Tuple2<Long, Example> next() {
            Tuple2<Long, Example> taken = peek();
            next = null;
            return taken;
        }
    }

    private static INDArray inputs(List<Example> examples, CompiledModel model) {
        int width = examples.get(0).input().length;
        float[] flat = new float[examples.size() * width];
        for (int i = 0; i < examples.size(); i++) {
            System.arraycopy(examples.get(i).input(), 0, flat, i * width, width);
        }
        return Nd4j.create(flat, model.graph().input().withBatch(examples.size()), 'c');
    }

    private static INDArray targets(List<Example> examples, INDArray clean) {
        if (examples.get(0).target() == null) {
            return clean;
        }
        int width = examples.get(0).target().length;
        float[] flat = new float[examples.size() * width];
        for (int i = 0; i < examples.size(); i++) {
            System.arraycopy(examples.get(i).target(), 0, flat, i * width, width);
        }
        return Nd4j.create(flat, new long[] {examples.size(), width}, 'c');
    }
}
