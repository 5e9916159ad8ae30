package dev.aec.runtime.train;

import dev.aec.runtime.backend.CompiledModel;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The gaussian layer's eps ~ N(0, 1) for each training batch. Drawn from the run's seed, the epoch
 * and the batch index alone, so a resumed run draws exactly what an uninterrupted one would.
 */
public final class LatentNoise {
    private LatentNoise() {
    }

    /** Fresh noise for batch `batch` of epoch `epoch`, `n` rows; empty for a model without a gaussian layer. */
    public static Optional<INDArray> draw(CompiledModel model, long seed, int epoch, int batch, int n) {
        if (model.latent().isEmpty()) {
            return Optional.empty();
        }
        int units = model.latent().get().units();
        SplittableRandom random = new SplittableRandom(((seed * 1_000_003L + epoch) * 1_000_033L + batch) ^ 0x5DEECE66DL);
        float[] values = new float[n * units];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return Optional.of(Nd4j.create(values, new long[] {n, units}, 'c'));
    }

    /** Zero noise for `n` rows: the gaussian layer then gives its mean, as at inference. */
    public static Optional<INDArray> zeros(CompiledModel model, int n, DataType type) {
        return model.latent().map(l -> Nd4j.zeros(type, n, l.units()));
    }
}
