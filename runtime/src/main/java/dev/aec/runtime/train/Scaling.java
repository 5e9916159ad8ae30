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
 */
public record Scaling(Kind kind, float[] scale, float[] shift) {
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
        int width = rows.width();
        float[] row = new float[width];
        float[] scale = new float[width];
        float[] shift = new float[width];
        switch (kind) {
            case MINMAX -> {
                float[] min = new float[width];
                float[] max = new float[width];
                Arrays.fill(min, Float.POSITIVE_INFINITY);
                Arrays.fill(max, Float.NEGATIVE_INFINITY);
                for (int index : order) {
                    read(rows, index, row);
                    for (int j = 0; j < width; j++) {
                        min[j] = Math.min(min[j], row[j]);
                        max[j] = Math.max(max[j], row[j]);
                    }
                }
                for (int j = 0; j < width; j++) {
                    double range = (double) max[j] - min[j];
                    double s = range < ZERO ? 1 : 1 / range;
                    scale[j] = (float) s;
                    shift[j] = (float) (-min[j] * s);
                }
            }
            case STANDARD -> {
                double[] mean = new double[width];
                double[] m2 = new double[width];
                long n = 0;
                for (int index : order) {
                    read(rows, index, row);
                    n++;
                    double inverse = 1.0 / n;
                    for (int j = 0; j < width; j++) {
                        double delta = row[j] - mean[j];
                        mean[j] += delta * inverse;
                        m2[j] += delta * (row[j] - mean[j]);
                    }
                }
                for (int j = 0; j < width; j++) {
                    double std = Math.sqrt(m2[j] / n);
                    double s = std < ZERO ? 1 : 1 / std;
                    scale[j] = (float) s;
                    shift[j] = (float) (-mean[j] * s);
                }
            }
            case NONE -> throw new AssertionError("returned above");
        }
        return new Scaling(kind, scale, shift);
    }

    private static void read(Rows rows, int index, float[] row) {
        rows.read(index, row, 0);
        for (int j = 0; j < row.length; j++) {
            if (!Float.isFinite(row[j])) {
                throw new IllegalArgumentException("element " + j + " of sample " + index + " is " + row[j]
                        + ": a scaling is fitted on finite values");
            }
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
