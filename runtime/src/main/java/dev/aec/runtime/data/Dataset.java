package dev.aec.runtime.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One split of an image dataset in memory: pixels as floats in [0, 1] laid out N x H x W x C
 * row-major, and one integer label per image.
 *
 * <p>{@code images} is not copied in or out: the MNIST training set is 188 MB of floats, and a
 * defensive copy would double that. Treat it as read-only.
 */
public record Dataset(String name, Split split, ImageShape shape, float[] images, int[] labels) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(images, "images");
        labels = labels.clone();
        if ((long) labels.length * shape.size() != images.length) {
            throw new IllegalArgumentException(labels.length + " labels of " + shape + " images need "
                    + (long) labels.length * shape.size() + " values, got " + images.length);
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
        byte[] pixels = images.data();
        float[] scaled = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            scaled[i] = (pixels[i] & 0xff) / 255f;
        }
        int[] labelValues = new int[labels.count()];
        for (int i = 0; i < labelValues.length; i++) {
            labelValues[i] = labels.unsigned(i);
        }
        ImageShape shape = new ImageShape(images.dimension(1), images.dimension(2), 1);
        return new Dataset(name, split, shape, scaled, labelValues);
    }

    /** The number of samples. */
    public int count() {
        return labels.length;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** The label of sample {@code index}. */
    public int label(int index) {
        return labels[index];
    }

    /** A copy of sample {@code index}'s pixels, H x W x C row-major. */
    public float[] image(int index) {
        int size = shape.size();
        return Arrays.copyOfRange(images, index * size, (index + 1) * size);
    }

    /** The first {@code n} samples, or this dataset itself when it holds no more than {@code n}. */
    public Dataset limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + n);
        }
        if (n >= count()) {
            return this;
        }
        return new Dataset(name, split, shape, Arrays.copyOf(images, n * shape.size()), Arrays.copyOf(labels, n));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Dataset that
                && name.equals(that.name)
                && split == that.split
                && shape.equals(that.shape)
                && Arrays.equals(images, that.images)
                && Arrays.equals(labels, that.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, split, shape, Arrays.hashCode(images), Arrays.hashCode(labels));
    }

    @Override
    public String toString() {
        return name + " " + split.name().toLowerCase(java.util.Locale.ROOT) + ": " + count() + " images of " + shape;
    }
}
