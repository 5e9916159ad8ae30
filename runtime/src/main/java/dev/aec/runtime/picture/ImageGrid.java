package dev.aec.runtime.picture;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;

/**
 * Draws rows of images (values in [0, 1]; grey, RGB, or RGBA shown over the grey background) into
 * one PNG, each pixel scaled up so a person can see the digits, with thin gaps between images, as
 * the tutorial's matplotlib figures.
 */
public final class ImageGrid {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private final int height;
    private final int width;
    private final int channels;
    private final int scale;
    private final int gap;

    /** A grid of grey images. */
    public ImageGrid(int height, int width, int scale, int gap) {
        this(height, width, 1, scale, gap);
    }

    public ImageGrid(int height, int width, int channels, int scale, int gap) {
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException("images have 1, 3 or 4 channels, not " + channels);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.scale = scale;
        this.gap = gap;
    }

    /**
     * A grid for samples of `sample` when they are pictures: HxWxC with 1, 3 or 4 channels, HxW, or
     * a vector of a square number of values (784 is 28x28, 64 is 8x8), each image scaled up to about
     * 112 pixels a side; empty for anything else (a table's rows are not pictures).
     */
    public static java.util.Optional<ImageGrid> forSample(java.util.List<Integer> sample) {
        int h;
        int w;
        int c = 1;
        if (sample.size() == 3 && (sample.get(2) == 1 || sample.get(2) == 3 || sample.get(2) == 4)) {
            h = sample.get(0);
            w = sample.get(1);
            c = sample.get(2);
        } else if (sample.size() == 2) {
            h = sample.get(0);
            w = sample.get(1);
        } else if (sample.size() == 1 && sample.get(0) >= 16 && isSquare(sample.get(0))) {
            h = (int) Math.round(Math.sqrt(sample.get(0)));
            w = h;
        } else {
            return java.util.Optional.empty();
        }
        int scale = Math.max(1, Math.round(112f / Math.max(h, w)));
        return java.util.Optional.of(new ImageGrid(h, w, c, scale, 4));
    }

    private static boolean isSquare(int n) {
        int root = (int) Math.round(Math.sqrt(n));
        return root * root == n;
    }

    /** `rows[r][c]` is one image of height x width values, row-major; rows may differ in length. */
    public BufferedImage draw(float[][][] rows) {
        int columns = 0;
        for (float[][] row : rows) {
            columns = Math.max(columns, row.length);
        }
        int cellW = width * scale;
        int cellH = height * scale;
        int imageW = gap + columns * (cellW + gap);
        int imageH = gap + rows.length * (cellH + gap);
        BufferedImage image = new BufferedImage(imageW, imageH,
                channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        int background = 0x80;
        for (int y = 0; y < imageH; y++) {
            for (int x = 0; x < imageW; x++) {
                // A grey image's samples are written as they are: its setRGB would convert the colour
                // through a linear colour space and darken the grey.
                if (channels == 1) {
                    image.getRaster().setSample(x, y, 0, background);
                } else {
                    image.setRGB(x, y, 0xff000000 | background * 0x010101);
                }
            }
        }
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                float[] pixels = rows[r][c];
                int x0 = gap + c * (cellW + gap);
                int y0 = gap + r * (cellH + gap);
                for (int py = 0; py < height; py++) {
                    for (int px = 0; px < width; px++) {
                        int at = (py * width + px) * channels;
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) {
                                int x = x0 + px * scale + dx;
                                int y = y0 + py * scale + dy;
                                if (channels == 1) {
                                    image.getRaster().setSample(x, y, 0, level(pixels[at]));
                                } else {
                                    image.setRGB(x, y, rgb(pixels, at, background));
                                }
                            }
                        }
                    }
                }
            }
        }
        return image;
    }

    private static int level(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255);
    }

    /** An RGB pixel, with alpha (a fourth value) blended over the grey background. */
    private int rgb(float[] pixels, int at, int background) {
        float alpha = channels == 4 ? Math.max(0f, Math.min(1f, pixels[at + 3])) : 1f;
        int rgb = 0xff000000;
        for (int k = 0; k < 3; k++) {
            float v = Math.max(0f, Math.min(1f, pixels[at + k])) * alpha + background / 255f * (1 - alpha);
            rgb |= Math.round(v * 255) << (16 - 8 * k);
        }
        return rgb;
    }

    public void writePng(float[][][] rows, OutputStream out) throws IOException {
        if (!ImageIO.write(draw(rows), "png", out)) {
            throw new IOException("no PNG writer available");
        }
    }
}
