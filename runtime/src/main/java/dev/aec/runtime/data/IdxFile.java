package dev.aec.runtime.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The header and unsigned-byte payload of one IDX file.
 *
 * <p>{@code data} is kept as given, not copied: a training-set image file is 47 MB, and a defensive
 * copy would double the peak memory of loading it. Treat it as read-only.
 */
public record IdxFile(String name, Kind kind, int[] dimensions, byte[] data) {

    /** The two IDX layouts aec reads: 3-dimensional images and 1-dimensional labels, both unsigned bytes. */
    public enum Kind {
        IMAGES(0x00000803, 3, "images", "pixels"),
        LABELS(0x00000801, 1, "labels", "labels");

        private final int magic;
        private final int rank;
        private final String noun;
        private final String payloadNoun;

        Kind(int magic, int rank, String noun, String payloadNoun) {
            this.magic = magic;
            this.rank = rank;
            this.noun = noun;
            this.payloadNoun = payloadNoun;
        }

        /** The magic number that opens a file of this kind. */
        public int magic() {
            return magic;
        }

        /** The number of dimensions in the header. */
        public int rank() {
            return rank;
        }

        String noun() {
            return noun;
        }

        String payloadNoun() {
            return payloadNoun;
        }
    }

    public IdxFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        dimensions = dimensions.clone();
        Objects.requireNonNull(data, "data");
        if (dimensions.length != kind.rank()) {
            throw new IllegalArgumentException(kind + " need " + kind.rank() + " dimensions, got " + dimensions.length);
        }
        long product = 1;
        for (int d : dimensions) {
            if (d <= 0) {
                throw new IllegalArgumentException("dimensions must be positive: " + Arrays.toString(dimensions));
            }
            product *= d;
        }
        if (product != data.length) {
            throw new IllegalArgumentException(
                    "dimensions " + Arrays.toString(dimensions) + " need " + product + " bytes, got " + data.length);
        }
    }

    @Override
    public int[] dimensions() {
        return dimensions.clone();
    }

    /** The number of items (images or labels): the first dimension. */
    public int count() {
        return dimensions[0];
    }

    /** One dimension from the header; 0 is the item count. */
    public int dimension(int index) {
        return dimensions[index];
    }

    /** The unsigned value of one payload byte. */
    public int unsigned(int index) {
        return data[index] & 0xff;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdxFile that
                && name.equals(that.name)
                && kind == that.kind
                && Arrays.equals(dimensions, that.dimensions)
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, Arrays.hashCode(dimensions), Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return name + ": " + kind.noun() + " "
                + Arrays.stream(dimensions).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }
}
