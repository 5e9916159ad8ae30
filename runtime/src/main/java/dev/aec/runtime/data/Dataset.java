package dev.aec.runtime.data;

import java.util.Arrays;
import java.util.Objects;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One split of an image dataset in memory: pixels in [0, 1] laid out N x H x W x C row-major, and
 * one integer label per image.
 *
 * <p>A split read from IDX files keeps its pixel bytes and scales them (`byte / 255`) as they are
 * read: the MNIST training set is 47 MB of bytes against 188 MB of floats, and training copies the
 * floats off the heap anyway ({@link #rows()}), a block at a time. Holding the floats on the heap as
 * well made loading peak at 640 MB resident for a 226,000-parameter model.
 */
public final class Dataset {
    /** Pixels scaled per block when copied off the heap: the heap holds one block of floats at a time. */
    private static final int BLOCK_VALUES = 1 << 20;

    private final String name;
    private final Split split;
    private final ImageShape shape;
    /** The IDX pixel bytes, or null for a dataset built from floats. */
    private final byte[] pixels;
    /** The pixels as floats, or null for a dataset read from bytes. */
    private final float[] values;
    private final int[] labels;

    /** A dataset of `images`, floats in [0, 1], not copied: treat it as read-only. */
    public Dataset(String name, Split split, ImageShape shape, float[] images, int[] labels) {
        this(name, split, shape, null, Objects.requireNonNull(images, "images"), labels);
    }

    private Dataset(String name, Split split, ImageShape shape, byte[] pixels, float[] values, int[] labels) {
        this.name = Objects.requireNonNull(name, "name");
        this.split = Objects.requireNonNull(split, "split");
        this.shape = Objects.requireNonNull(shape, "shape");
        this.pixels = pixels;
        this.values = values;
        this.labels = labels.clone();
        long length = pixels != null ? pixels.length : values.length;
        if ((long) labels.length * shape.size() != length) {
            throw new IllegalArgumentException(labels.length + " labels of " + shape + " images need "
                    + (long) labels.length * shape.size() + " values, got " + length);
        }
    }

    /**
     * Reads one split from a resolved location, scaling each pixel byte to {@code byte / 255}.
     * The image and label files must agree on the number of samples, and hold what the location's
     * format says (the image size the model was checked against, labels below the class count),
     * whether or not the files were verified: a file of the wrong kind is the user's data error
     * here rather than an internal error where ND4J meets it.
     */
    public static Dataset read(DatasetLocation location, Split split) throws DataException {
        IdxFile images = IdxReader.read(location.file(split.images()), IdxFile.Kind.IMAGES);
        if (location.format().isPresent()) {
            checkImageSize(images, location.name(), location.format().get());
        }
        IdxFile labels = IdxReader.read(location.file(split.labels()), IdxFile.Kind.LABELS);
        Dataset dataset = of(location.name(), split, images, labels);
        if (location.format().isPresent()) {
            checkLabels(labels, location.name(), location.format().get());
        }
        return dataset;
    }

    private static void checkImageSize(IdxFile images, String dataset, DatasetSpec.Format format) throws DataException {
        int rows = images.dimension(1);
        int columns = images.dimension(2);
        if (rows != format.rows() || columns != format.columns()) {
            throw new DataException(images.name(), "images are " + rows + "x" + columns + ", expected "
                    + format.imageSize() + ": the model takes " + dataset + " images, which are " + format.imageSize());
        }
    }

    private static void checkLabels(IdxFile labels, String dataset, DatasetSpec.Format format) throws DataException {
        for (int i = 0; i < labels.count(); i++) {
            int label = labels.unsigned(i);
            if (label >= format.classes()) {
                throw new DataException(labels.name(), "label " + label + " of item " + i + " is out of range: "
                        + dataset + " has " + format.classes() + " classes, labelled 0 to " + (format.classes() - 1));
            }
        }
    }

    /** Builds a dataset from an image file and a label file already read. */
    public static Dataset of(String name, Split split, IdxFile images, IdxFile labels) throws DataException {
        if (images.kind() != IdxFile.Kind.IMAGES || labels.kind() != IdxFile.Kind.LABELS) {
            throw new IllegalArgumentException("expected an image file and a label file, got " + images + " and " + labels);
        }
        if (images.count() != labels.count()) {
            throw new DataException(labels.name(), "holds " + labels.count() + " labels but "
                    + images.name() + " holds " + images.count() + " images");
        }
        int[] labelValues = new int[labels.count()];
        for (int i = 0; i < labelValues.length; i++) {
            labelValues[i] = labels.unsigned(i);
        }
        ImageShape shape = new ImageShape(images.dimension(1), images.dimension(2), 1);
        return new Dataset(name, split, shape, images.data(), null, labelValues);
    }

    public String name() {
        return name;
    }

    public Split split() {
        return split;
    }

    public ImageShape shape() {
        return shape;
    }

    /** The number of samples. */
    public int count() {
        return labels.length;
    }

    public int[] labels() {
        return labels.clone();
    }

    /**
     * Every pixel as a float, N x H x W x C row-major: a new array for a dataset read from bytes,
     * else the dataset's own (read-only).
     */
    public float[] images() {
        if (values != null) {
            return values;
        }
        float[] scaled = new float[pixels.length];
        scale(0, scaled, pixels.length);
        return scaled;
    }

    /** The images as one off-heap `[count, H*W*C]` float array, written a block at a time. */
    public INDArray rows() {
        long[] rowsShape = {count(), shape.size()};
        if (values != null) {
            return Nd4j.create(values, rowsShape, 'c');
        }
        INDArray rows = Nd4j.createUninitialized(DataType.FLOAT, rowsShape, 'c');
        FloatPointer to = new FloatPointer(rows.data().addressPointer());
        float[] block = new float[Math.min(BLOCK_VALUES, Math.max(1, pixels.length))];
        for (int from = 0; from < pixels.length; from += block.length) {
            int n = Math.min(block.length, pixels.length - from);
            scale(from, block, n);
            to.position(from).put(block, 0, n);
        }
        return rows;
    }

    private void scale(int from, float[] into, int n) {
        for (int i = 0; i < n; i++) {
            into[i] = (pixels[from + i] & 0xff) / 255f;
        }
    }

    /** The label of sample {@code index}. */
    public int label(int index) {
        return labels[index];
    }

    /** A copy of sample {@code index}'s pixels, H x W x C row-major. */
    public float[] image(int index) {
        int size = shape.size();
        Objects.checkIndex(index, count());
        if (values != null) {
            return Arrays.copyOfRange(values, index * size, (index + 1) * size);
        }
        float[] image = new float[size];
        scale(index * size, image, size);
        return image;
    }

    /** The first {@code n} samples, or this dataset itself when it holds no more than {@code n}. */
    public Dataset limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + n);
        }
        if (n >= count()) {
            return this;
        }
        int length = n * shape.size();
        return pixels != null
                ? new Dataset(name, split, shape, Arrays.copyOf(pixels, length), null, Arrays.copyOf(labels, n))
                : new Dataset(name, split, shape, null, Arrays.copyOf(values, length), Arrays.copyOf(labels, n));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Dataset that
                && name.equals(that.name)
                && split == that.split
                && shape.equals(that.shape)
                && Arrays.equals(labels, that.labels)
                && Arrays.equals(images(), that.images());
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, split, shape, Arrays.hashCode(labels));
    }

    @Override
    public String toString() {
        return name + " " + split.name().toLowerCase(java.util.Locale.ROOT) + ": " + count() + " images of " + shape;
    }
}
