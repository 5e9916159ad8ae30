package dev.aec.runtime.fast;

import dev.aec.compiler.model.TrainingDraws;
import java.util.SplittableRandom;

/**
 * The random values of one training step's dropout masks and added noise, drawn from a per-step
 * seed (the trainer's, from the run's seed, epoch and batch) so that a resumed run draws what an
 * uninterrupted one would. Each node draws from its own stream, so its draws do not depend on the
 * other layers. SameDiff's graph is fed the same values, so the two executors agree exactly.
 */
public final class StepDraws {
    private long seed;

    void seed(long value) {
        seed = value;
    }

    long seed() {
        return seed;
    }

    /** The `n` draws of node `node` in the step seeded `seed`, in double. */
    public static double[] values(long seed, int node, TrainingDraws distribution, int n) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + node);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = switch (distribution) {
                case UNIFORM -> random.nextDouble();
                case NORMAL -> random.nextGaussian();
            };
        }
        return values;
    }
}
