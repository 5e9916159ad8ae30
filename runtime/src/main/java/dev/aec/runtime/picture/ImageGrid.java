package dev.aec.runtime.picture;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;

/**
 * Draws rows of grey images (values in [0, 1]) into one PNG, each pixel scaled up so a person can
 * see the digits, with thin gaps between images, as the tutorial's matplotlib figures.
 */
public final class ImageGrid {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private final int height;
    private final int width;
    private final int scale;
    private final int gap;

    public ImageGrid(int height, int width, int scale, int gap) {
        this.height = height;
        this.width = width;
        this.scale = scale;
        this.gap = gap;
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
        BufferedImage image = new BufferedImage(imageW, imageH, BufferedImage.TYPE_BYTE_GRAY);
        int background = 0x80;
        for (int y = 0; y < imageH; y++) {
            for (int x = 0; x < imageW; x++) {
                image.getRaster().setSample(x, y, 0, background);
            }
        }
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                float[] pixels = rows[r][c];
                int x0 = gap + c * (cellW + gap);
                int y0 = gap + r * (cellH + gap);
                for (int py = 0; py < height; py++) {
                    for (int px = 0; px < width; px++) {
                        float v = Math.max(0f, Math.min(1f, pixels[py * width + px]));
                        int grey = Math.round(v * 255);
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) {
                                image.getRaster().setSample(x0 + px * scale + dx, y0 + py * scale + dy, 0, grey);
                            }
                        }
                    }
                }
            }
        }
        return image;
    }

    public void writePng(float[][][] rows, OutputStream out) throws IOException {
        if (!ImageIO.write(draw(rows), "png", out)) {
            throw new IOException("no PNG writer available");
        }
    }
}
