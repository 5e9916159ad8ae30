package dev.aec.runtime.fast;

import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.LossValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Inference passes of a model through the fast executor's kernels, as the SameDiff graph computes
 * them with its training flag at 0: dropout and noise pass their input on, the gaussian layer gives
 * its mean. It reads the graph's variables as they are when it is made (a trainer's executor keeps
 * updating the same arrays); {@link #computes} says whether it still does. SameDiff's session held
 * 2.5-5 GB and took about 40 s for 10,000 samples of the conv VAE; these plans are sized for
 * {@link #BATCH} samples and allocated once. They are training plans whose backward ops never run:
 * their gradient buffers cost a few activations' worth at this batch, and one lowering serves both.
 */
public final class FastInference {
    /** Samples per pass: the plan's arrays are a few times the activations of this many. */
    public static final int BATCH = 250;

    private final CompiledModel model;
    private final GraphParameters params;
    private final DataType type;
    private final Map<Integer, StepPlan> plans = new HashMap<>();

    /** The loss of one batch as the graph defines it, its two parts for a model with a gaussian layer, and the output. */
    public record Pass(INDArray output, double loss, double reconstruction, double kl) {
    }

    private FastInference(CompiledModel model) {
        this.model = model;
        // The moving statistics too: an inference plan's batch normalisation reads them.
        this.params = new GraphParameters(model.sameDiff(), Stream.concat(model.paramNames().stream(),
                model.nonTrainableNames().stream()).toList());
        this.type = model.sameDiff().getVariable(model.paramNames().get(0)).dataType();
    }

    /** Inference for a model the fast executor runs; empty where SameDiff must (see {@link FastExecutor#unsupported}). */
    public static Optional<FastInference> of(CompiledModel model) {
        if (model.paramNames().isEmpty() || FastExecutor.unsupported(model, model.loss()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new FastInference(model));
    }

    /**
     * Whether this computes `other` as it is now: the same model, whose variables still hold the
     * arrays bound here (a trainer updates them in place, so then the plans can be used again).
     */
    public boolean computes(CompiledModel other) {
        return model == other && params.current(other.sameDiff());
    }

    /** One batch, at most {@link #BATCH} samples: its output (a copy) and its loss against `target`. */
    public Pass pass(INDArray x, INDArray target) {
        StepPlan plan = run(x);
        // In double: libnd4j's float sigmoid cross-entropy over a batch of 250 MNIST images erred by
        // 2.4e-4 of the loss against a double sum where SameDiff's graph erred by 1.6e-5.
        INDArray t = target.castTo(DataType.DOUBLE).reshape(plan.output.shape());
        double reconstruction = LossValue.of(model.loss(), model.lossFromLogits(), plan.lossInput.castTo(DataType.DOUBLE),
                t) * model.lossScale();
        double kl = plan.gaussian
                .map(g -> LossValue.kl(g.mean().castTo(DataType.DOUBLE), g.logVar().castTo(DataType.DOUBLE)))
                .orElse(0.0);
        double beta = model.latent().map(CompiledModel.Latent::beta).orElse(0.0);
        return new Pass(plan.output.dup(), reconstruction + beta * kl, reconstruction, kl);
    }

    /** The outputs for any number of samples, {@link #BATCH} at a time. */
    public INDArray output(INDArray x) {
        long n = x.size(0);
        long[] shape = model.graph().output().withBatch(Math.toIntExact(n));
        INDArray out = Nd4j.create(type, shape);
        for (long from = 0; from < n; from += BATCH) {
            long to = Math.min(n, from + BATCH);
            INDArray rows = out.get(NDArrayIndex.interval(from, to));
            rows.assign(run(x.get(NDArrayIndex.interval(from, to))).output.reshape(rows.shape()));
        }
        return out;
    }

    private StepPlan run(INDArray x) {
        int batch = Math.toIntExact(x.size(0));
        if (batch > BATCH) {
            throw new IllegalArgumentException("a pass takes at most " + BATCH + " samples, not " + batch);
        }
        StepPlan plan = plans.get(batch);
        if (plan == null) {
            // A plan's arrays outlive the caller's workspace, if it runs in one: they are made outside it.
            try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                plan = new StepPlan(model.graph(), params, model.lossFromLogits(), batch, type, false);
            }
            plans.put(batch, plan);
        }
        plan.infer(x);
        return plan;
    }
}
