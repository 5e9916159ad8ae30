package dev.aec.runtime.data.source;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.Content;
import dev.aec.runtime.data.DataException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The samples of one dense array (an NPY array, an IDX file): `count` samples of `sampleShape`,
 * stored one after the other in a {@link Region}, read one sample per call.
 */
final class DenseSamples implements Samples {
    private final String subject;
    private final Region region;
    private final ElementType type;
    private final ByteOrder order;
    private final int count;
    private final Shape sampleShape;
    private final int width;
    private final float divisor;
    private final String fingerprint;

    /**
     * @param subject the file as messages name it
     * @param divisor 255 when bytes are pixels, else 1
     */
    DenseSamples(String subject, Region region, ElementType type, ByteOrder order, int count, Shape sampleShape,
                 float divisor, String fingerprint) {
        this.subject = subject;
        this.region = region;
        this.type = type;
        this.order = order;
        this.count = count;
        this.sampleShape = sampleShape;
        this.width = (int) sampleShape.elements();
        this.divisor = divisor;
        this.fingerprint = fingerprint;
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public Shape sampleShape() {
        return sampleShape;
    }

    @Override
    public void read(int index, float[] into, int offset) throws DataException {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("sample " + index + " of " + count);
        }
        ByteBuffer bytes = ByteBuffer.allocate(width * type.bytes()).order(order);
        try {
            region.read((long) index * width * type.bytes(), bytes);
        } catch (EOFException e) {
            throw new DataException(subject, "sample " + index + " cannot be read: " + Content.lowercase(e.getMessage()), e);
        } catch (IOException e) {
            throw new DataException(subject, "cannot read sample " + index + ": " + Content.reason(e), e);
        }
        bytes.flip();
        convert(subject, sampleShape, type, divisor, index, bytes, into, offset);
    }

    /**
     * Converts one sample's bytes (in `bytes`, in the file's byte order) into `width` floats at
     * `into[offset]`, dividing by `divisor`; a value that is not finite is an error naming sample
     * `index` and where in it, as NumPy would index it.
     */
    static void convert(String subject, Shape sampleShape, ElementType type, float divisor, int index,
                        ByteBuffer bytes, float[] into, int offset) throws DataException {
        int width = (int) sampleShape.elements();
        for (int i = 0; i < width; i++) {
            double value = type.next(bytes);
            // In float, as the named datasets divide their bytes, so that equal bytes give equal floats.
            float f = divisor == 1f ? (float) value : (float) value / divisor;
            if (!type.integral() && !Float.isFinite(f)) {
                throw nonFinite(subject, sampleShape, index, i, value);
            }
            into[offset + i] = f;
        }
    }

    private static DataException nonFinite(String subject, Shape sampleShape, int index, int element, double value) {
        String what = Double.isNaN(value) ? "NaN" : Double.isInfinite(value) ? (value > 0 ? "+inf" : "-inf")
                : value + ", too large for a 32-bit float,";
        return DataException.withHelp(subject, "sample " + index + " holds " + what + " at " + position(sampleShape, element),
                "aec trains on finite numbers: replace or drop the missing values "
                        + "(`np.nan_to_num` in NumPy) and save the file again");
    }

    /** The position inside a sample, as NumPy would index it: `[3, 4]`. */
    private static String position(Shape sampleShape, int element) {
        int[] at = new int[sampleShape.rank()];
        int rest = element;
        for (int d = at.length - 1; d >= 0; d--) {
            at[d] = rest % sampleShape.dim(d);
            rest /= sampleShape.dim(d);
        }
        return java.util.Arrays.toString(at);
    }

    @Override
    public String name(int index) {
        return "sample " + index;
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean cheapToRead() {
        return true;
    }

    @Override
    public void close() {
        region.close();
    }
}
