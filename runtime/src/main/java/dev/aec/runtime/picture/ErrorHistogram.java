package dev.aec.runtime.picture;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * The histogram of per-sample reconstruction errors that `aec score` draws: samples above the
 * threshold in red, the threshold as a dashed line with its value and how many samples exceed it.
 * The count axis is logarithmic, since the anomalies a user looks for are a thin tail.
 */
public final class ErrorHistogram {
    private static final int BINS = 60;
    private static final int WIDTH = 760;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 60;
    private static final Color BELOW = new Color(0x1f77b4);
    private static final Color ABOVE = new Color(0xd62728);

    /** The bin counts drawn, for tests: `counts[i]` samples in `[edges[i], edges[i + 1])`, the last bin closed. */
    public record Bins(double[] edges, int[] counts) {
    }

    private ErrorHistogram() {
    }

    /** Equal-width bins over the errors' range, widened to include the threshold. */
    public static Bins bin(double[] errors, double threshold) {
        double lo = Math.min(threshold, min(errors));
        double hi = Math.max(threshold, max(errors));
        if (!(hi > lo)) {
            hi = lo + Math.max(Math.abs(lo) * 1e-3, 1e-9);
        }
        double[] edges = new double[BINS + 1];
        for (int i = 0; i <= BINS; i++) {
            edges[i] = lo + (hi - lo) * i / BINS;
        }
        int[] counts = new int[BINS];
        for (double e : errors) {
            int bin = (int) Math.floor((e - lo) / (hi - lo) * BINS);
            counts[Math.max(0, Math.min(BINS - 1, bin))]++;
        }
        return new Bins(edges, counts);
    }

    /**
     * @param title the first line, e.g. the run and the data scored
     * @param what how the threshold was chosen, e.g. `99th percentile of the training errors`
     */
    public static BufferedImage draw(String title, double[] errors, double threshold, String what) {
        Bins bins = bin(errors, threshold);
        long above = java.util.Arrays.stream(errors).filter(e -> e > threshold).count();
        BufferedImage image = Drawing.canvas(WIDTH, HEIGHT);
        Graphics2D g = Drawing.graphics(image);
        g.setFont(Drawing.TITLE);
        g.drawString(title, 12, 22);
        g.setFont(Drawing.TEXT);
        g.drawString(String.format(Locale.ROOT, "%,d of %,d samples above the threshold %s (%s)", above,
                errors.length, Drawing.label(threshold), what), 12, 42);
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        int maxCount = java.util.Arrays.stream(bins.counts()).max().orElse(1);
        double top = Math.log10(Math.max(10, maxCount)) + 0.1;
        double lo = bins.edges()[0];
        double hi = bins.edges()[BINS];
        for (int i = 0; i < BINS; i++) {
            if (bins.counts()[i] == 0) {
                continue;
            }
            int x0 = LEFT + (int) Math.round((double) i / BINS * plotW);
            int x1 = LEFT + (int) Math.round((double) (i + 1) / BINS * plotW);
            int h = (int) Math.round(Math.log10(bins.counts()[i] + 1) / top * plotH);
            boolean red = bins.edges()[i] >= threshold;
            g.setColor(red ? ABOVE : BELOW);
            g.fillRect(x0, TOP + plotH - h, Math.max(1, x1 - x0 - 1), h);
        }
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);
        g.drawLine(LEFT, TOP, LEFT, TOP + plotH);
        for (double tick : Drawing.ticks(lo, hi, 6)) {
            int x = LEFT + (int) Math.round((tick - lo) / (hi - lo) * plotW);
            g.drawLine(x, TOP + plotH, x, TOP + plotH + 4);
            Drawing.centred(g, Drawing.label(tick), x, TOP + plotH + 18);
        }
        for (int power = 0; power <= (int) Math.floor(top); power++) {
            int y = TOP + plotH - (int) Math.round(Math.log10(Math.pow(10, power) + 1) / top * plotH);
            g.drawLine(LEFT - 4, y, LEFT, y);
            Drawing.rightAligned(g, String.format(Locale.ROOT, "%,d", (long) Math.pow(10, power)), LEFT - 7, y);
        }
        Drawing.centred(g, "reconstruction error per sample", LEFT + plotW / 2, HEIGHT - 18);
        Drawing.vertical(g, "samples (log scale)", 16, TOP + plotH / 2);
        int tx = LEFT + (int) Math.round((threshold - lo) / (hi - lo) * plotW);
        g.setColor(ABOVE);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        g.drawLine(tx, TOP - 6, tx, TOP + plotH);
        g.dispose();
        return image;
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElse(1);
    }
}
