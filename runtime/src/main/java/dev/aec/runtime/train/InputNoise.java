package dev.aec.runtime.train;

import dev.aec.compiler.model.Noise;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The noise of a denoising run, added to clean inputs (never to targets) and clipped to [0, 1].
 * Noise is a pure function of the clean batch and a seed: each row (sample) draws from its own
 * stream, seeded from the seed and the row's index. That keeps runs reproducible without any
 * random state to save, so a resumed run draws exactly the noise an uninterrupted one would.
 */
public final class InputNoise {
    /**
     * The seed of the noise on validation and test inputs. Fixed, and independent of the run's seed,
     * so every epoch and every run is measured on the same noisy images (as the Keras tutorial's
     * `x_test_noisy`, drawn once).
     */
    public static final long EVALUATION_SEED = 20_240_601L;

    private static final InputNoise NONE = new InputNoise(Optional.empty());
    /** Keeps the training noise streams apart from the shuffle's, which also start from the run seed. */
    private static final long TRAINING_STREAM = 0x6E6F697365L;

    private final Optional<Noise> spec;

    private InputNoise(Optional<Noise> spec) {
        this.spec = spec;
    }

    public static InputNoise none() {
        return NONE;
    }

    /** The noise a train block's `noise:` setting names; none when it is absent. */
    public static InputNoise of(Optional<Noise> spec) {
        return spec.isPresent() ? new InputNoise(spec) : NONE;
    }

    public Optional<Noise> spec() {
        return spec;
    }

    public boolean isNone() {
        return spec.isEmpty();
    }

    /**
     * `clean` (`[n, ...]`, pixels in [0, 1]) with noise drawn from `seed`: a new array of the same
     * shape and type, or `clean` itself when there is no noise. Row `i` depends only on `seed`, `i`
     * and row `i` of `clean`.
     */
    public INDArray apply(INDArray clean, long seed) {
        return noisy(clean, row -> mix(seed, row));
    }

    /**
     * Noisy copies of samples `firstSample`, `firstSample + 1`, ... of a validation or test split,
     * the same whatever the batching: each sample's noise depends on its index and
     * {@link #EVALUATION_SEED} only. This is what the reported validation and test losses measure.
     */
    public INDArray forEvaluation(INDArray clean, int firstSample) {
        return noisy(clean, row -> mix(EVALUATION_SEED, firstSample + row));
    }

    /** The seed of batch `batch` of epoch `epoch` (both from 0) in a run seeded `runSeed`. */
    public static long trainingSeed(long runSeed, int epoch, int batch) {
        return mix(mix(runSeed ^ TRAINING_STREAM, epoch), batch);
    }

    private INDArray noisy(INDArray clean, LongUnaryOperator seedOfRow) {
        if (spec.isEmpty()) {
            return clean;
        }
        long rows = clean.size(0);
        int width = (int) (clean.length() / rows);
        float[] values = clean.castTo(DataType.FLOAT).dup('c').data().asFloat();
        Noise noise = spec.get();
        for (int r = 0; r < rows; r++) {
            SplittableRandom random = new SplittableRandom(seedOfRow.applyAsLong(r));
            int offset = r * width;
            if (noise instanceof Noise.Gaussian g) {
                for (int i = offset; i < offset + width; i++) {
                    values[i] = clip(values[i] + (float) (g.stddev() * random.nextGaussian()));
                }
            } else if (noise instanceof Noise.SaltAndPepper s) {
                for (int i = offset; i < offset + width; i++) {
                    // Two draws per pixel whatever the outcome, so pixels never shift each other's draws.
                    boolean hit = random.nextDouble() < s.rate();
                    boolean salt = random.nextBoolean();
                    if (hit) {
                        values[i] = salt ? 1f : 0f;
                    }
                }
            }
        }
        return Nd4j.create(values, clean.shape(), 'c').castTo(clean.dataType());
    }

    private static float clip(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    /** A 64-bit mix of two values (Stafford's variant 13, as SplittableRandom's own). */
    private static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return spec.map(Noise::toString).orElse("none");
    }
}
