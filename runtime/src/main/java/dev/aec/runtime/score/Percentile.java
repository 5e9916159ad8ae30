package dev.aec.runtime.score;

import java.util.Arrays;

/**
 * Percentiles as NumPy's default (`np.percentile(values, p)`, linear interpolation between the
 * two nearest ranks), so a threshold reads the same as a Python user computes it.
 */
public final class Percentile {
    private Percentile() {
    }

    /** The `p`-th percentile (0 to 100) of `values`, which must hold at least one finite value and no NaN. */
    public static double of(double[] values, double p) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the percentile of no values");
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("a percentile is between 0 and 100, found " + p);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        if (Double.isNaN(sorted[sorted.length - 1])) {
            throw new IllegalArgumentException("NaN among the values");
        }
        double rank = p / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(below + 1, sorted.length - 1);
        double fraction = rank - below;
        return sorted[below] + (sorted[above] - sorted[below]) * fraction;
    }
}
