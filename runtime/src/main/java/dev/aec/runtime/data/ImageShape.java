package dev.aec.runtime.data;

/** The height, width and channel count of every image in a dataset; prints as {@code 28x28x1}. */
public record ImageShape(int height, int width, int channels) {

    public ImageShape {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException("image dimensions must be positive: " + height + "x" + width + "x" + channels);
        }
    }

    /** Values per image: height * width * channels. */
    public int size() {
        return height * width * channels;
    }

    @Override
    public String toString() {
        return height + "x" + width + "x" + channels;
    }
}
