package dev.aec.runtime.picture;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The latent-space figure of the Keras VAE example, in two panels: test images as points in a
 * plane of the latent space coloured by their digit, with a legend; and the images the decoder
 * makes on a grid over the same plane. The grid's extent is outlined on the scatter.
 */
public final class LatentFigure {
    /** matplotlib's tab10, so the colours read as in the Keras example. */
    private static final Color[] DIGIT = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    private static final int PLOT = 560;
    private static final int LEFT = 70;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final int LEGEND = 90;

    /** Points `[n][2]` in plane coordinates and their labels (0-9). */
    public record Scatter(double[][] points, int[] labels) {
    }

    /**
     * Decoded images on a grid: `images[r][c]` at (`us[c]`, `vs[r]`), `vs` falling from top to bottom,
     * each `side x side` pixels.
     */
    public record Manifold(float[][][] images, double[] us, double[] vs, int side) {
    }

    public BufferedImage draw(String title, String nameU, String nameV, Scatter scatter, Manifold manifold) {
        int panelW = LEFT + PLOT + LEGEND;
        int width = panelW + LEFT + cell(manifold) * manifold.us().length + 30;
        int height = TOP + PLOT + BOTTOM;
        BufferedImage image = Drawing.canvas(width, height);
        Graphics2D g = Drawing.graphics(image);
        g.setFont(Drawing.TITLE);
        g.drawString(title, 12, 22);
        g.setFont(Drawing.TEXT);
        double[] uRange = range(scatter.points(), 0, manifold.us());
        double[] vRange = range(scatter.points(), 1, manifold.vs());
        drawScatter(g, scatter, uRange, vRange, manifold);
        drawAxes(g, LEFT, PLOT, uRange, vRange, nameU, nameV, "test images by digit");
        drawLegend(g, LEFT + PLOT + 16, TOP + 10);
        int x0 = panelW + LEFT;
        int side = drawManifold(g, x0, manifold);
        double halfU = step(manifold.us()) / 2;
        double halfV = step(manifold.vs()) / 2;
        drawAxes(g, x0, side, new double[] {first(manifold.us()) - halfU, last(manifold.us()) + halfU},
                new double[] {last(manifold.vs()) - halfV, first(manifold.vs()) + halfV}, nameU, nameV,
                "decoded on a " + manifold.us().length + "x" + manifold.vs().length + " grid");
        g.dispose();
        return image;
    }

    public void writePng(String title, String nameU, String nameV, Scatter scatter, Manifold manifold,
                         OutputStream out) throws IOException {
        Drawing.png(draw(title, nameU, nameV, scatter, manifold), out);
    }

    private static void drawScatter(Graphics2D g, Scatter s, double[] uRange, double[] vRange, Manifold m) {
        for (int i = 0; i < s.points().length; i++) {
            Color c = DIGIT[Math.floorMod(s.labels()[i], DIGIT.length)];
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 150));
            int x = LEFT + px(s.points()[i][0], uRange);
            int y = TOP + PLOT - px(s.points()[i][1], vRange);
            g.fillOval(x - 2, y - 2, 5, 5);
        }
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5, 4}, 0));
        int gx0 = LEFT + px(first(m.us()), uRange);
        int gx1 = LEFT + px(last(m.us()), uRange);
        int gy0 = TOP + PLOT - px(first(m.vs()), vRange);
        int gy1 = TOP + PLOT - px(last(m.vs()), vRange);
        g.drawRect(gx0, gy0, gx1 - gx0, gy1 - gy0);
        g.setStroke(new BasicStroke(1f));
        g.setColor(Color.BLACK);
    }

    /** Draws the grid with whole-pixel scaling where it fits (28, 56, ... pixels a cell); returns its side. */
    private static int drawManifold(Graphics2D g, int x0, Manifold m) {
        int k = m.us().length;
        int cell = cell(m);
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                g.drawImage(Drawing.grey(m.images()[r][c], m.side(), m.side()), x0 + c * cell, TOP + r * cell,
                        cell, cell, null);
            }
        }
        return k * cell;
    }

    /** Cell size of the grid: whole multiples of the image where they fit in the panel. */
    private static int cell(Manifold m) {
        int k = m.us().length;
        return k * m.side() <= PLOT ? m.side() * (PLOT / (k * m.side())) : PLOT / k;
    }

    /** A frame of `size` pixels at (x0, TOP) with ticks for the two ranges. */
    private static void drawAxes(Graphics2D g, int x0, int size, double[] uRange, double[] vRange, String nameU,
                                 String nameV, String caption) {
        g.setColor(Color.BLACK);
        g.drawRect(x0, TOP, size, size);
        Drawing.centred(g, caption, x0 + size / 2, TOP - 8);
        for (double t : Drawing.ticks(uRange[0], uRange[1], 6)) {
            int x = x0 + px(t, uRange, size);
            g.drawLine(x, TOP + size, x, TOP + size + 5);
            Drawing.centred(g, Drawing.label(t), x, TOP + size + 20);
        }
        for (double t : Drawing.ticks(vRange[0], vRange[1], 6)) {
            int y = TOP + size - px(t, vRange, size);
            g.drawLine(x0 - 5, y, x0, y);
            Drawing.rightAligned(g, Drawing.label(t), x0 - 8, y);
        }
        Drawing.centred(g, nameU, x0 + size / 2, TOP + size + 42);
        Drawing.vertical(g, nameV, x0 - 50, TOP + size / 2);
    }

    private static void drawLegend(Graphics2D g, int x, int y) {
        for (int d = 0; d < DIGIT.length; d++) {
            g.setColor(DIGIT[d]);
            g.fillOval(x, y + d * 22 - 5, 10, 10);
            g.setColor(Color.BLACK);
            g.drawString("digit " + d, x + 16, y + d * 22 + 5);
        }
    }

    /** Pixel offset of `value` in a PLOT-wide axis over `range`. */
    private static int px(double value, double[] range) {
        return px(value, range, PLOT);
    }

    private static int px(double value, double[] range, int size) {
        return (int) Math.round((value - range[0]) / (range[1] - range[0]) * size);
    }

    /** The data extent along `axis` and the grid, with a margin, so both fit on one axis. */
    private static double[] range(double[][] points, int axis, double[] grid) {
        double lo = Math.min(first(grid), last(grid));
        double hi = Math.max(first(grid), last(grid));
        for (double[] p : points) {
            lo = Math.min(lo, p[axis]);
            hi = Math.max(hi, p[axis]);
        }
        double pad = (hi - lo) * 0.04;
        return pad > 0 ? new double[] {lo - pad, hi + pad} : new double[] {lo - 1, hi + 1};
    }

    private static double step(double[] values) {
        return values.length < 2 ? 1 : Math.abs(values[1] - values[0]);
    }

    private static double first(double[] values) {
        return values[0];
    }

    private static double last(double[] values) {
        return values[values.length - 1];
    }
}
