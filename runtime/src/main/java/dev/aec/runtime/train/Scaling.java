package dev.aec.runtime.train;

import dev.aec.compiler.data.DataSource;
import dev.aec.runtime.data.rows.Rows;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A per-element affine map fitted on the training samples, `value * scale + shift`, applied to
 * every batch of examples. Fitted as scikit-learn's scalers are: `minmax` maps each element's
 * training range to [0, 1] (MinMaxScaler, whose transform is this very form); `standard` to mean 0
 * and standard deviation 1, the population deviation (StandardScaler, ddof 0). An element that is
 * constant over the training samples (its range or deviation under 10 machine epsilons, as
 * scikit-learn's `_handle_zeros_in_scale` decides) keeps scale 1 and is shifted to 0.
 * Serializable, as a Spark run's executors scale the samples they keep.
 */
public record Scaling(Kind kind, float[] scale, float[] shift) implements java.io.Serializable {
    /** The scalings a run fits; pixels are divided by 255 by the readers, before any of these. */
    public enum Kind {
        NONE("none"),
        MINMAX("minmax"),
        STANDARD("standard");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }

        /** The kind a data source's `scale:` asks to fit: none for `pixels`, which the reader applies. */
        public static Kind of(DataSource.Scale scale) {
            return switch (scale) {
                case NONE, PIXELS -> NONE;
                case MINMAX -> MINMAX;
                case STANDARD -> STANDARD;
            };
        }

        /** The kind written as `keyword`, as {@link #keyword()} gives it (a run's saved scaling). */
        public static Optional<Kind> parse(String keyword) {
            return Arrays.stream(values()).filter(k -> k.keyword.equals(keyword)).findFirst();
        }
    }

    /** Below this, a range or a deviation counts as zero (scikit-learn's bound, for float64). */
    private static final double ZERO = 10 * Math.ulp(1.0);

    private static final Scaling NONE = new Scaling(Kind.NONE, new float[0], new float[0]);

    public Scaling {
        if (kind == Kind.NONE ? scale.length != 0 || shift.length != 0 : scale.length == 0 || scale.length != shift.length) {
            throw new IllegalArgumentException(kind.keyword() + " scaling with " + scale.length + " scales and "
                    + shift.length + " shifts");
        }
        scale = scale.clone();
        shift = shift.clone();
        for (int i = 0; i < scale.length; i++) {
            if (!Float.isFinite(scale[i]) || !Float.isFinite(shift[i])) {
                throw new IllegalArgumentException("scaling of element " + i + " is not finite: *" + scale[i] + " + "
                        + shift[i]);
            }
        }
    }

    /** No scaling: batches are handed out as the rows hold them, at no cost. */
    public static Scaling none() {
        return NONE;
    }

    /**
     * Fits `kind` on the rows at `trainIndices` only, reading each once, in file order, into double
     * accumulators (Welford's update for the mean and variance).
     *
     * @throws IllegalArgumentException when `trainIndices` is empty or a value there is not finite
     */
    public static Scaling fit(Kind kind, Rows rows, int[] trainIndices) {
        if (kind == Kind.NONE) {
            return NONE;
        }
        if (trainIndices.length == 0) {
            throw new IllegalArgumentException("a scaling is fitted on at least one sample");
        }
        int[] order = trainIndices.clone();
        Arrays.sort(order);
        float[] row = new float[rows.width()];
        Accumulator accumulator = new Accumulator(kind, rows.width());
        for (int index : order) {
            rows.read(index, row, 0);
            accumulator.add(index, row);
        }
        return accumulator.scaling();
    }

    /**
     * A scaling being fitted, one sample at a time ({@link #add}), or in parts fitted apart and then
     * merged ({@link #merge}): on a cluster each executor fits its share and the parts meet in a
     * tree. Merging gives the same minimum and maximum, and the mean and variance of all the
     * samples to within double rounding (Chan et al.'s pairwise update).
     */
    public static final class Accumulator implements java.io.Serializable {
        private final Kind kind;
        private final double[] low;
        private final double[] high;
        private long count;

        /** Nothing fitted yet: `low` and `high` are the minimum and maximum, or the mean and the sum of squared deviations. */
        public Accumulator(Kind kind, int width) {
            if (kind == Kind.NONE) {
                throw new IllegalArgumentException("nothing to fit for no scaling");
            }
            this.kind = kind;
            this.low = new double[width];
            this.high = new double[width];
            if (kind == Kind.MINMAX) {
                Arrays.fill(low, Double.POSITIVE_INFINITY);
                Arrays.fill(high, Double.NEGATIVE_INFINITY);
            }
        }

        /**
         * Adds sample `index`'s values.
         *
         * @throws IllegalArgumentException when a value is not finite
         */
        public Accumulator add(int index, float[] row) {
            if (row.length != low.length) {
                throw new IllegalArgumentException("a row of " + row.length + " values for a scaling of " + low.length);
            }
            for (int j = 0; j < row.length; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new IllegalArgumentException("element " + j + " of sample " + index + " is " + row[j]
                            + ": a scaling is fitted on finite values");
                }
            }
            count++;
            if (kind == Kind.MINMAX) {
                for (int j = 0; j < row.length; j++) {
                    low[j] = Math.min(low[j], row[j]);
                    high[j] = Math.max(high[j], row[j]);
                }
            } else {
                double inverse = 1.0 / count;
                for (int j = 0; j < row.length; j++) {
                    double delta = row[j] - low[j];
                    low[j] += delta * inverse;
                    high[j] += delta * (row[j] - low[j]);
                }
            }
            return this;
        }

        /** Adds what `other` fitted on other samples; `other` is left as it was. */
        public Accumulator merge(Accumulator other) {
            if (other.kind != kind || other.low.length != low.length) {
                throw new IllegalArgumentException("cannot merge a " + other.kind + " fit into a " + kind + " fit");
            }
            if (other.count == 0) {
                return this;
            }
            if (count == 0) {
                System.arraycopy(other.low, 0, low, 0, low.length);
                System.arraycopy(other.high, 0, high, 0, high.length);
                count = other.count;
                return this;
            }
            long total = count + other.count;
            for (int j = 0; j < low.length; j++) {
                if (kind == Kind.MINMAX) {
                    low[j] = Math.min(low[j], other.low[j]);
                    high[j] = Math.max(high[j], other.high[j]);
                } else {
                    double delta = other.low[j] - low[j];
                    low[j] += delta * other.count / total;
                    high[j] += other.high[j] + delta * delta * ((double) count * other.count / total);
                }
            }
            count = total;
            return this;
        }

        public long count() {
            return count;
        }

        /**
         * The scaling fitted.
         *
         * @throws IllegalArgumentException when no sample was added
         */
        public Scaling scaling() {
            if (count == 0) {
                throw new IllegalArgumentException("a scaling is fitted on at least one sample");
            }
            int width = low.length;
            float[] scale = new float[width];
            float[] shift = new float[width];
            for (int j = 0; j < width; j++) {
                if (kind == Kind.MINMAX) {
                    // The bounds are floats; their difference is taken in double, as it always was.
                    double range = high[j] - low[j];
                    double s = range < ZERO ? 1 : 1 / range;
                    scale[j] = (float) s;
                    shift[j] = (float) (-(float) low[j] * s);
                } else {
                    double std = Math.sqrt(high[j] / count);
                    double s = std < ZERO ? 1 : 1 / std;
                    scale[j] = (float) s;
                    shift[j] = (float) (-low[j] * s);
                }
            }
            return new Scaling(kind, scale, shift);
        }
    }

    public boolean isNone() {
        return kind == Kind.NONE;
    }

    /** Values per sample; 0 for none. */
    public int width() {
        return scale.length;
    }

    @Override
    public float[] scale() {
        return scale.clone();
    }

    @Override
    public float[] shift() {
        return shift.clone();
    }

    /** Scales one sample's values in place, with the same float arithmetic as a batch. */
    public void applyInPlace(float[] row) {
        if (isNone()) {
            return;
        }
        if (row.length != scale.length) {
            throw new IllegalArgumentException("a row of " + row.length + " values for a scaling of " + scale.length);
        }
        for (int j = 0; j < row.length; j++) {
            row[j] = row[j] * scale[j] + shift[j];
        }
    }

    /**
     * Scales a dense float32 batch of whole samples in place, a row at a time in plain Java: 25-55 us
     * for 100 samples of 784, where ND4J's `muliRowVector` and `addiRowVector` on the same batch took
     * 0.15-1.7 ms (two native calls that fork OpenMP threads for 78,400 multiply-adds).
     */
    public void applyInPlace(INDArray batch) {
        if (isNone()) {
            return;
        }
        int width = scale.length;
        long length = batch.length();
        if (length % width != 0 || batch.offset() != 0 || batch.elementWiseStride() != 1 || batch.ordering() != 'c') {
            throw new IllegalArgumentException("scaling needs a dense batch of whole samples of " + width);
        }
        FloatBuffer values = new FloatPointer(batch.data().addressPointer()).position(0).limit(length).asBuffer();
        float[] row = new float[width];
        for (int at = 0; at < length; at += width) {
            values.get(at, row, 0, width);
            for (int j = 0; j < width; j++) {
                row[j] = row[j] * scale[j] + shift[j];
            }
            values.put(at, row, 0, width);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scaling s && s.kind == kind && Arrays.equals(s.scale, scale) && Arrays.equals(s.shift, shift);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + Arrays.hashCode(scale)) + Arrays.hashCode(shift);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s scaling of %d values", kind.keyword(), scale.length);
    }
}
