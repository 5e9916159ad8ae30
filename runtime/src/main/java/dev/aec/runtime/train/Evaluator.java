package dev.aec.runtime.train;

import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.Nd4jEnvironment;
import dev.aec.runtime.fast.FastInference;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model measured on a whole set of examples: the loss's mean over every sample, and for a
 * classifier the share of samples whose most probable class is the label. With noise, the inputs
 * are the noisy samples of {@link InputNoise#forEvaluation} and the targets stay clean. A gaussian
 * layer gives its mean here (zero noise), as at inference, and the loss has two parts. Models the
 * fast executor runs are evaluated through its kernels ({@link FastInference}), others through
 * SameDiff's session.
 */
public final class Evaluator {
    static final int BATCH = 1000;

    /** A workspace sized by the first batch and reused as it is by the next ones. */
    private static final WorkspaceConfiguration PER_BATCH = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.STRICT)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .build();

    /**
     * The mean loss; for a model with a gaussian layer its reconstruction and KL parts; the accuracy
     * when the examples are labelled.
     */
    public record Evaluation(double loss, Optional<Parts> parts, OptionalDouble accuracy) {
    }

    /** loss = reconstruction + beta * kl; both per sample, the KL in nats. */
    public record Parts(double reconstruction, double kl) {
    }

    /**
     * The inference made last, kept for the next evaluation of the same model: its plans hold a few
     * hundred megabytes for a convolutional model at {@link FastInference#BATCH} samples, and made
     * anew for each epoch's validation, the test and the picture, they stood side by side until a
     * collection freed them.
     */
    private static FastInference lastInference;

    private Evaluator() {
    }

    /** The fast executor's inference for `model` as it is now, the last one again where it still computes it. */
    private static synchronized Optional<FastInference> inference(CompiledModel model) {
        if (lastInference != null && lastInference.computes(model)) {
            return Optional.of(lastInference);
        }
        lastInference = null;
        Optional<FastInference> made = FastInference.of(model);
        made.ifPresent(f -> lastInference = f);
        return made;
    }

    public static double meanLoss(CompiledModel model, Examples examples) {
        return evaluate(model, examples).loss();
    }

    public static Evaluation evaluate(CompiledModel model, Examples examples) {
        return evaluate(model, examples, InputNoise.none());
    }

    public static Evaluation evaluate(CompiledModel model, Examples examples, InputNoise noise) {
        return evaluate(model, examples, noise, inference(model));
    }

    /** As SameDiff's session computes it, for tests that hold the fast executor to it. */
    static Evaluation evaluateWithSameDiff(CompiledModel model, Examples examples, InputNoise noise) {
        return evaluate(model, examples, noise, Optional.empty());
    }

    private static Evaluation evaluate(CompiledModel model, Examples examples, InputNoise noise,
                                       Optional<FastInference> fast) {
        int batch = fast.isPresent() ? FastInference.BATCH : BATCH;
        boolean parts = model.latent().isPresent();
        double loss = 0;
        double reconstruction = 0;
        double kl = 0;
        long correct = 0;
        int count = examples.count();
        // Every example is about to be read, in order: rows that live elsewhere (a file, a cluster)
        // can start bringing them all now rather than a batch at a time.
        if (examples.prefetches()) {
            examples.prefetch(Examples.indices(0, count));
        }
        for (int from = 0; from < count; from += batch) {
            int to = Math.min(count, from + batch);
            // Each batch's arrays (the gathered batch, its targets, the loss's temporaries in double)
            // live in one workspace that the next batch reuses: left to the collector they piled up
            // to 200 MB resident over a test set, as ND4J frees native memory only when the Java heap,
            // which these arrays hardly touch, is collected. Only numbers leave the scope.
            try (MemoryWorkspace scope = fast.isPresent()
                    ? Nd4j.getWorkspaceManager().getAndActivateWorkspace(PER_BATCH, "aec-evaluation")
                    : Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                int[] indices = Examples.indices(from, to);
                INDArray clean = examples.batch(indices);
                INDArray target = examples.targets(indices, clean);
                INDArray input = noise.forEvaluation(clean, from);
                FastInference.Pass pass = fast.isPresent() ? fast.get().pass(input, target)
                        : sameDiffPass(model, input, target);
                loss += pass.loss() * (to - from);
                reconstruction += pass.reconstruction() * (to - from);
                kl += pass.kl() * (to - from);
                if (examples.labels().isPresent()) {
                    correct += pass.output().argMax(1).eq(target.argMax(1)).castTo(DataType.INT).sumNumber()
                            .longValue();
                }
            }
        }
        return new Evaluation(loss / count,
                parts ? Optional.of(new Parts(reconstruction / count, kl / count)) : Optional.empty(),
                examples.labels().isPresent() ? OptionalDouble.of((double) correct / count) : OptionalDouble.empty());
    }

    /** One batch through the graph's own session: what the fast executor does not run. */
    private static FastInference.Pass sameDiffPass(CompiledModel model, INDArray input, INDArray target) {
        boolean parts = model.latent().isPresent();
        List<String> outputs = parts
                ? List.of(CompiledModel.LOSS, CompiledModel.OUTPUT, CompiledModel.RECONSTRUCTION, CompiledModel.KL)
                : List.of(CompiledModel.LOSS, CompiledModel.OUTPUT);
        Map<String, INDArray> feed = feed(model, input);
        feed.put(CompiledModel.TARGET, target);
        Map<String, INDArray> out = Nd4jEnvironment.silently(() -> model.sameDiff().output(feed, outputs));
        double loss = out.get(CompiledModel.LOSS).getDouble(0);
        return new FastInference.Pass(out.get(CompiledModel.OUTPUT), loss,
                parts ? out.get(CompiledModel.RECONSTRUCTION).getDouble(0) : loss,
                parts ? out.get(CompiledModel.KL).getDouble(0) : 0);
    }

    /** The model's outputs for `x`: reconstructions, or class probabilities for a classifier. */
    public static INDArray reconstruct(CompiledModel model, INDArray x) {
        Optional<FastInference> fast = inference(model);
        if (fast.isPresent()) {
            return fast.get().output(x);
        }
        return sameDiffOutput(model, x);
    }

    /** The outputs as SameDiff's session computes them, for tests that hold the fast executor to it. */
    static INDArray sameDiffOutput(CompiledModel model, INDArray x) {
        return Nd4jEnvironment.silently(() -> model.sameDiff().output(feed(model, x), CompiledModel.OUTPUT))
                .get(CompiledModel.OUTPUT);
    }

    /** The input, and zero noise for a gaussian layer. */
    private static Map<String, INDArray> feed(CompiledModel model, INDArray x) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(CompiledModel.INPUT, x);
        LatentNoise.zeros(model, (int) x.size(0), x.dataType()).ifPresent(n -> feed.put(CompiledModel.NOISE, n));
        return feed;
    }
}
