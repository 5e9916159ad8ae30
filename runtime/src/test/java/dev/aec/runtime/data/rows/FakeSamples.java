package dev.aec.runtime.data.rows;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.source.Samples;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Samples that count their reads: sample `i`'s element `j` is {@link #value}, or taken from an
 * array; some samples may be made to fail as unreadable files do, and the samples may say they
 * skip those.
 */
public final class FakeSamples implements Samples {
    private final int count;
    private final Shape shape;
    private final String fingerprint;
    private final boolean cheap;
    private final float[] values;
    private final int[] failAt;
    private final boolean skips;
    private final AtomicInteger reads = new AtomicInteger();

    private FakeSamples(int count, Shape shape, String fingerprint, boolean cheap, float[] values, int[] failAt,
                        boolean skips) {
        this.count = count;
        this.shape = shape;
        this.fingerprint = fingerprint;
        this.cheap = cheap;
        this.values = values;
        this.failAt = failAt.clone();
        this.skips = skips;
    }

    /** `count` samples of `shape` whose values follow {@link #value}. */
    public FakeSamples(int count, Shape shape, String fingerprint) {
        this(count, shape, fingerprint, false, new float[0], new int[0], false);
    }

    /** The samples held in `values`, `width` floats each. */
    public static FakeSamples of(float[] values, int width, String fingerprint) {
        return new FakeSamples(values.length / width, Shape.of(width), fingerprint, false, values, new int[0], false);
    }

    /** The same samples, except that reading the samples at `indices` fails. */
    public FakeSamples failingAt(int... indices) {
        return new FakeSamples(count, shape, fingerprint, cheap, values, indices, skips);
    }

    /** The same samples, saying whether they are cheap to read. */
    public FakeSamples cheap(boolean cheap) {
        return new FakeSamples(count, shape, fingerprint, cheap, values, failAt, skips);
    }

    /** The same samples, saying whether the ones that fail are to be skipped. */
    public FakeSamples skippingUnreadable(boolean skips) {
        return new FakeSamples(count, shape, fingerprint, cheap, values, failAt, skips);
    }

    public static float value(int sample, int element) {
        return sample * 0.5f - element / 64f;
    }

    /** How many samples have been read so far. */
    public int reads() {
        return reads.get();
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public Shape sampleShape() {
        return shape;
    }

    @Override
    public void read(int index, float[] into, int offset) throws DataException {
        reads.incrementAndGet();
        if (Arrays.stream(failAt).anyMatch(i -> i == index)) {
            throw new DataException(name(index), "not a PNG file");
        }
        int width = width();
        for (int j = 0; j < width; j++) {
            into[offset + j] = values.length > 0 ? values[index * width + j] : value(index, j);
        }
    }

    @Override
    public String name(int index) {
        return "sample-" + index + ".png";
    }

    @Override
    public boolean skipsUnreadable() {
        return skips;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean cheapToRead() {
        return cheap;
    }

    @Override
    public void close() {
    }
}
