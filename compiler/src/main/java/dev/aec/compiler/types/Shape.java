package dev.aec.compiler.types;

import java.util.Arrays;
import java.util.List;

/**
 * The shape of one sample (the batch dimension is never written): `784`, `28x28x1` (height x
 * width x channels, as Keras's channels-last). {@link #UNKNOWN} is the poison shape given to a
 * value after an error, so one mistake is reported once.
 */
public record Shape(List<Integer> dims) {
    public static final Shape UNKNOWN = new Shape(List.of());

    public Shape {
        dims = List.copyOf(dims);
    }

    public static Shape of(int... dims) {
        return new Shape(Arrays.stream(dims).boxed().toList());
    }

    public boolean isKnown() {
        return !dims.isEmpty();
    }

    public int rank() {
        return dims.size();
    }

    public int dim(int i) {
        return dims.get(i);
    }

    /** The dimensions of a batch of `batch` samples (`-1` for a batch of any size), as ND4J takes them. */
    public long[] withBatch(long batch) {
        long[] shape = new long[dims.size() + 1];
        shape[0] = batch;
        for (int i = 0; i < dims.size(); i++) {
            shape[i + 1] = dims.get(i);
        }
        return shape;
    }

    /** Number of elements, or -1 when it does not fit in a long. */
    public long elements() {
        long n = 1;
        for (int d : dims) {
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException overflow) {
                return -1;
            }
        }
        return n;
    }

    /** Height, width and channels of a rank-3 shape. */
    public int height() {
        return dims.get(0);
    }

    public int width() {
        return dims.get(1);
    }

    public int channels() {
        return dims.get(dims.size() - 1);
    }

    @Override
    public String toString() {
        if (!isKnown()) {
            return "?";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.size(); i++) {
            sb.append(i == 0 ? "" : "x").append(dims.get(i));
        }
        return sb.toString();
    }
}
