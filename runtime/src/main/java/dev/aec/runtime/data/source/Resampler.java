package dev.aec.runtime.data.source;

/**
 * Resizes an image held as height x width x channels floats with Pillow's `BILINEAR` filter: a
 * triangle filter evaluated at pixel centres whose support widens with the shrink factor, so
 * shrinking averages over the whole area each output pixel covers instead of sampling two pixels
 * (what `Image.resize(size, Image.BILINEAR)` does; Pillow rounds to 8 bits after each pass, aec
 * keeps floats). Rows first, then columns; with four channels colour is weighted by alpha, as
 * Pillow does, so that transparent pixels do not bleed their colour into their neighbours.
 */
final class Resampler {
    private Resampler() {
    }

    static float[] resize(float[] pixels, int height, int width, int channels, int toHeight, int toWidth) {
        boolean alpha = channels == 4;
        float[] source = alpha ? premultiply(pixels.clone(), true) : pixels;
        float[] across = width == toWidth ? source : across(source, height, width, channels, toWidth);
        float[] resized = height == toHeight ? across : down(across, height, toWidth, channels, toHeight);
        return alpha ? premultiply(resized, false) : resized;
    }

    /** The input pixels and their weights for each output pixel along an axis of `length` made `toLength`. */
    private record Taps(int[] from, double[][] weights) {
        static Taps of(int length, int toLength) {
            double scale = (double) length / toLength;
            double filterScale = Math.max(scale, 1);
            int[] from = new int[toLength];
            double[][] weights = new double[toLength][];
            for (int o = 0; o < toLength; o++) {
                double centre = (o + 0.5) * scale;
                from[o] = Math.max(0, (int) (centre - filterScale + 0.5));
                int to = Math.min(length, (int) (centre + filterScale + 0.5));
                weights[o] = new double[to - from[o]];
                double total = 0;
                for (int i = from[o]; i < to; i++) {
                    double w = Math.max(0, 1 - Math.abs((i - centre + 0.5) / filterScale));
                    weights[o][i - from[o]] = w;
                    total += w;
                }
                for (int k = 0; k < weights[o].length; k++) {
                    weights[o][k] /= total;
                }
            }
            return new Taps(from, weights);
        }
    }

    private static float[] across(float[] in, int height, int width, int channels, int toWidth) {
        Taps taps = Taps.of(width, toWidth);
        float[] out = new float[height * toWidth * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < toWidth; x++) {
                double[] w = taps.weights()[x];
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    for (int k = 0; k < w.length; k++) {
                        sum += w[k] * in[(y * width + taps.from()[x] + k) * channels + c];
                    }
                    out[(y * toWidth + x) * channels + c] = (float) sum;
                }
            }
        }
        return out;
    }

    private static float[] down(float[] in, int height, int width, int channels, int toHeight) {
        Taps taps = Taps.of(height, toHeight);
        float[] out = new float[toHeight * width * channels];
        for (int y = 0; y < toHeight; y++) {
            double[] w = taps.weights()[y];
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    double sum = 0;
                    for (int k = 0; k < w.length; k++) {
                        sum += w[k] * in[((taps.from()[y] + k) * width + x) * channels + c];
                    }
                    out[(y * width + x) * channels + c] = (float) sum;
                }
            }
        }
        return out;
    }

    private static float[] premultiply(float[] pixels, boolean multiply) {
        for (int p = 0; p < pixels.length; p += 4) {
            float a = pixels[p + 3];
            for (int c = 0; c < 3; c++) {
                pixels[p + c] = multiply ? pixels[p + c] * a : (a == 0 ? 0 : Math.min(1f, pixels[p + c] / a));
            }
        }
        return pixels;
    }
}
