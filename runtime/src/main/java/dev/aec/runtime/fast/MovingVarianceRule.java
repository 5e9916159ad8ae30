package dev.aec.runtime.fast;

/**
 * The factor Keras applies to a batch variance before averaging it into the moving variance, for
 * both executors: n/(n-1) on the fused path that a rank-4 or rank-5 input takes, 1 elsewhere (see
 * {@link BatchNormKernel.MovingVariance}).
 */
public final class MovingVarianceRule {
    private MovingVarianceRule() {
    }

    /**
     * @param batchRank         the input's rank, batch axis included
     * @param valuesPerChannel  the values each channel's statistics are taken over in one batch
     */
    public static double correction(int batchRank, long valuesPerChannel) {
        return BatchNormKernel.MovingVariance.keras(batchRank).factor(valuesPerChannel);
    }
}
