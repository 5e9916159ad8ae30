package dev.aec.runtime.train;

import dev.aec.runtime.backend.CompiledModel;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batches trained one at a time on this machine: each batch's examples are gathered in the epoch's
 * seeded order, get the plan's noise, and take one optimizer step at the controls' learning rate.
 * The next batches' rows are asked from disk while a step runs.
 */
public final class LocalSteps implements Steps {
    private final CompiledModel model;
    private final TrainingStep step;
    private final Examples train;
    private final Trainer.Plan plan;
    private final TrainingControls controls;
    private final Trainer.Listener timing;
    private final int batches;
    // One batch array per batch size (the last batch of an epoch may be smaller), refilled each step.
    private final Map<Integer, INDArray> batchArrays = new HashMap<>();
    private Trainer.Ahead ahead;

    /** `timing` hears how long each batch's gathering and step took ({@link Trainer.Listener#batchTimed}). */
    public LocalSteps(CompiledModel model, TrainingStep step, Examples train, Trainer.Plan plan,
                      TrainingControls controls, Trainer.Listener timing) {
        this.model = model;
        this.step = step;
        this.train = train;
        this.plan = plan;
        this.controls = controls;
        this.timing = timing;
        this.batches = plan.batches(train.count());
    }

    @Override
    public int batches() {
        return batches;
    }

    /** Asks for the rows of the batches a run from `epoch`, `batch` trains first. */
    void prefetchFrom(int epoch, int batch) {
        ahead(epoch).prefetch(batch);
    }

    @Override
    public Advance take(int epoch, int b) {
        Trainer.Ahead window = ahead(epoch);
        int[] order = window.order(epoch);
        long start = System.nanoTime();
        int[] indices = plan.batch(order, b);
        INDArray clean = train.batchInto(indices,
                batchArrays.computeIfAbsent(indices.length, n -> train.batch(indices)));
        long gathered = System.nanoTime();
        // The next batches' rows are read from disk while this step runs, not when they are
        // gathered; during an epoch's last step, the next epoch's first.
        window.prefetch(b + 1);
        INDArray input = plan.noise().apply(clean, InputNoise.trainingSeed(plan.seed(), epoch, b));
        boolean measure = b % Trainer.LOSS_EVERY == 0 || b == batches - 1;
        step.seedDraws(Modes.drawSeed(plan.seed(), epoch, b));
        if (controls.scheduled()) {
            step.learningRate(controls.rate(epoch, b));
        }
        double loss = step.run(input, train.targets(indices, clean),
                LatentNoise.draw(model, plan.seed(), epoch, b, indices.length), measure);
        long end = System.nanoTime();
        timing.batchTimed(gathered - start, end - start);
        Optional<String> notFinite = measure && !Double.isFinite(loss)
                ? Optional.of("the training loss is not finite (" + loss + ")") : step.nonFinite();
        if (notFinite.isPresent()) {
            return Advance.diverged(notFinite.get(), b);
        }
        return new Advance(1, measure ? loss * indices.length : 0, measure ? indices.length : 0, indices.length,
                (end - start) / 1e9, Optional.empty(), b);
    }

    private Trainer.Ahead ahead(int epoch) {
        if (ahead == null) {
            ahead = new Trainer.Ahead(train, plan, epoch);
        }
        return ahead;
    }
}
