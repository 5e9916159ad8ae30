package dev.aec.runtime.latent;

import dev.aec.compiler.ir.LatentCut;
import dev.aec.compiler.model.Loss;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.Nd4jEnvironment;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.fast.FastInference;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.SavedRun;
import dev.aec.runtime.run.TrainingRun;
import dev.aec.runtime.train.LatentNoise;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A trained autoencoder cut at its latent: an encoder graph (input to latent) and a decoder graph
 * (latent to output), each lowered from its half of the IR with the run's trained weights copied
 * in by name. Latents are handled flat, one row of `size()` values per sample.
 */
public final class LatentModel {
    static final int BATCH = 1000;

    private final LatentCut cut;
    private final CompiledModel encoder;
    private final CompiledModel decoder;

    private LatentModel(LatentCut cut, CompiledModel encoder, CompiledModel decoder) {
        this.cut = cut;
        this.encoder = encoder;
        this.decoder = decoder;
    }

    /** The halves of a saved run's model, with its trained weights. */
    public static LatentModel of(SavedRun run) throws LatentException, RunException {
        return of(run.model(), run.spec().loss());
    }

    /** The halves of `full`, with its current weights; `loss` is the one it was lowered with. */
    public static LatentModel of(CompiledModel full, Loss loss) throws LatentException, RunException {
        LatentCut.Search search = LatentCut.find(full.graph());
        LatentCut cut = search.cut().orElseThrow(() -> new LatentException(search.problem()));
        // The loss only shapes the halves' loss nodes, which nothing runs; the decoder keeps the
        // full model's so its output is built the same way. The seed is irrelevant: weights are copied.
        CompiledModel encoder = SameDiffLowering.lower(cut.encoder(), Loss.MSE, 0);
        CompiledModel decoder = SameDiffLowering.lower(cut.decoder(), loss, 0);
        TrainingRun.restoreWeights(encoder, full.sameDiff());
        TrainingRun.restoreWeights(decoder, full.sameDiff());
        return new LatentModel(cut, encoder, decoder);
    }

    public LatentCut cut() {
        return cut;
    }

    /**
     * Whether the latent is a VAE's, with the prior N(0, I) to sample from. Plain autoencoders
     * have no prior: their latents fill whatever region training left them in.
     */
    public boolean variational() {
        return cut.variational();
    }

    /** Values per latent. */
    public int size() {
        return (int) cut.latentShape().elements();
    }

    /** The latents of `x` (a batch in the model's input shape), `[n, size()]`. */
    public INDArray encode(INDArray x) {
        INDArray z = run(encoder, x);
        return z.reshape('c', z.size(0), size());
    }

    /** The latents of every example, in order, flat: `size()` values per example. */
    public float[] encodeAll(dev.aec.runtime.train.Examples examples) {
        float[] all = new float[Math.multiplyExact(examples.count(), size())];
        for (int from = 0; from < examples.count(); from += BATCH) {
            int to = Math.min(examples.count(), from + BATCH);
            float[] z = encode(examples.range(from, to)).dup('c').data().asFloat();
            System.arraycopy(z, 0, all, from * size(), z.length);
        }
        return all;
    }

    /** The model's outputs for flat latents `[n, size()]`, in the model's output shape. */
    public INDArray decode(INDArray z) {
        long[] shape = new long[cut.latentShape().rank() + 1];
        shape[0] = z.size(0);
        for (int i = 0; i < cut.latentShape().rank(); i++) {
            shape[i + 1] = cut.latentShape().dim(i);
        }
        return run(decoder, z.reshape('c', shape));
    }

    /** Through the fast executor's kernels where it runs the half, else SameDiff's session. */
    private static INDArray run(CompiledModel model, INDArray x) {
        java.util.Optional<FastInference> fast = FastInference.of(model);
        if (fast.isPresent()) {
            return fast.get().output(x);
        }
        if (x.size(0) <= BATCH) {
            return once(model, x);
        }
        INDArray[] parts = new INDArray[(int) ((x.size(0) + BATCH - 1) / BATCH)];
        for (int i = 0; i < parts.length; i++) {
            long from = (long) i * BATCH;
            parts[i] = once(model, x.get(NDArrayIndex.interval(from,
                    Math.min(x.size(0), from + BATCH))).dup());
        }
        return Nd4j.concat(0, parts);
    }

    /** Zero noise makes a gaussian layer give its mean, as at inference: the encoder is deterministic. */
    private static INDArray once(CompiledModel model, INDArray x) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(CompiledModel.INPUT, x);
        LatentNoise.zeros(model, (int) x.size(0), x.dataType()).ifPresent(n -> feed.put(CompiledModel.NOISE, n));
        return Nd4jEnvironment.silently(() -> model.sameDiff().output(feed, CompiledModel.OUTPUT))
                .get(CompiledModel.OUTPUT);
    }
}
