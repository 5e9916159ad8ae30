package dev.aec.runtime.data.rows;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.source.Samples;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Samples that count their reads: sample `i`'s element `j` is {@link #value}, or taken from an
 * array; one sample may be made to fail as an unreadable file does.
 */
public final class FakeSamples implements Samples {
    private final int count;
    private final Shape shape;
    private final String fingerprint;
    private final boolean cheap;
    private final float[] values;
    private final int failAt;
    private final AtomicInteger reads = new AtomicInteger();

    private FakeSamples(int count, Shape shape, String fingerprint, boolean cheap, float[] values, int failAt) {
        this.count = count;
        this.shape = shape;
        this.fingerprint = fingerprint;
        this.cheap = cheap;
        this.values = values;
        this.failAt = failAt;
    }

    /** `count` samples of `shape` whose values follow {@link #value}. */
    public FakeSamples(int count, Shape shape, String fingerprint) {
        this(count, shape, fingerprint, false, new float[0], -1);
    }

    /** The samples held in `values`, `width` floats each. */
    public static FakeSamples of(float[] values, int width, String fingerprint) {
        return new FakeSamples(values.length / width, Shape.of(width), fingerprint, false, values, -1);
    }

    /** The same samples, except that reading sample `index` fails. */
    public FakeSamples failingAt(int index) {
        return new FakeSamples(count, shape, fingerprint, cheap, values, index);
    }

    /** The same samples, saying whether they are cheap to read. */
    public FakeSamples cheap(boolean cheap) {
        return new FakeSamples(count, shape, fingerprint, cheap, values, failAt);
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
        if (index == failAt) {
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
