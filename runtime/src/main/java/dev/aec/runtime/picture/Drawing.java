package dev.aec.runtime.picture;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Java2D pieces the hand-drawn parts of the figures share: a white canvas, text placement, greys. */
final class Drawing {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    private Drawing() {
    }

    static BufferedImage canvas(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        // Pixels of a digit scaled up stay sharp squares.
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        g.setFont(TEXT);
        return g;
    }

    /** Text centred horizontally on `x` with its baseline at `y`. */
    static void centred(Graphics2D g, String text, int x, int y) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, x - m.stringWidth(text) / 2, y);
    }

    /** Text ending at `x`, vertically centred on `y`. */
    static void rightAligned(Graphics2D g, String text, int x, int y) {
        FontMetrics m = g.getFontMetrics();
        g.drawString(text, x - m.stringWidth(text), y + (m.getAscent() - m.getDescent()) / 2);
    }

    /** One grey image of `height x width` values in [0, 1], row-major. */
    static BufferedImage grey(float[] pixels, int height, int width) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = Math.max(0f, Math.min(1f, pixels[y * width + x]));
                image.getRaster().setSample(x, y, 0, Math.round(v * 255));
            }
        }
        return image;
    }

    /** A tick label without needless digits: `2`, `0.5`, `-1.25`. */
    static String label(double value) {
        String s = String.format(Locale.ROOT, "%.3f", value);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }

    static void png(BufferedImage image, OutputStream out) throws IOException {
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
        }
    }
}
