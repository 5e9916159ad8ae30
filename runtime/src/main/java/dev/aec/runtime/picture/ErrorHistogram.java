package dev.aec.runtime.picture;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The histogram of per-sample reconstruction errors that `aec score` draws: samples above the
 * threshold in red, the threshold as a dashed line with its value and how many samples exceed it.
 * The count axis is logarithmic, since the anomalies a user looks for are a thin tail. Drawn with
 * JFreeChart in the look of {@link LossChart}, headless.
 */
public final class ErrorHistogram {
    private static final int BINS = 60;
    static final int WIDTH = LossChart.WIDTH;
    static final int HEIGHT = LossChart.HEIGHT;
    static final Color BELOW = LossChart.PALETTE[0];
    static final Color ABOVE = LossChart.PALETTE[3];
    /**
     * Where the bars start on the log axis: below 1, so that a bin of one sample is a bar and not a
     * line on the floor, as matplotlib's `log=True` histogram.
     */
    static final double FLOOR = 0.5;

    /** The bin counts drawn, for tests: `counts[i]` samples in `[edges[i], edges[i + 1])`, the last bin closed. */
    public record Bins(double[] edges, int[] counts) {
    }

    /** A drawn histogram and where its data area lies, so that a test can find a value's column and a count's row. */
    record Drawn(BufferedImage image, Rectangle2D area, double lo, double hi, double countTop, List<String> legend) {
        int x(double error) {
            return (int) Math.round(area.getX() + (error - lo) / (hi - lo) * area.getWidth());
        }

        int y(double count) {
            double fraction = Math.log(count / FLOOR) / Math.log(countTop / FLOOR);
            return (int) Math.round(area.getMaxY() - fraction * area.getHeight());
        }
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
        return drawn(title, errors, threshold, what).image();
    }

    static Drawn drawn(String title, double[] errors, double threshold, String what) {
        Bins bins = bin(errors, threshold);
        long above = Arrays.stream(errors).filter(e -> e > threshold).count();
        String subtitle = String.format(Locale.ROOT, "%,d of %,d samples above the threshold %s (%s)", above,
                errors.length, Drawing.label(threshold), what);
        XYIntervalSeries below = new XYIntervalSeries("up to the threshold");
        XYIntervalSeries beyond = new XYIntervalSeries("above the threshold");
        int maxCount = 1;
        for (int i = 0; i < BINS; i++) {
            int count = bins.counts()[i];
            maxCount = Math.max(maxCount, count);
            // An empty bin has no bar: a log axis has no place for 0.
            if (count > 0) {
                // A bin is red only when all of it lies past the threshold, so that red means anomalous.
                XYIntervalSeries into = bins.edges()[i] >= threshold ? beyond : below;
                into.add((bins.edges()[i] + bins.edges()[i + 1]) / 2, bins.edges()[i], bins.edges()[i + 1], count,
                        FLOOR, count);
            }
        }
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        data.addSeries(below);
        data.addSeries(beyond);
        XYBarRenderer bars = new XYBarRenderer();
        // Bars from FLOOR rather than from 0, which a log axis cannot place.
        bars.setUseYInterval(true);
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(true);
        // A white edge keeps neighbouring bars of one colour apart, as matplotlib's `edgecolor='white'`.
        bars.setDefaultOutlinePaint(Color.WHITE);
        bars.setDefaultOutlineStroke(new BasicStroke(1f));
        bars.setAutoPopulateSeriesOutlinePaint(false);
        bars.setSeriesPaint(0, BELOW);
        bars.setSeriesPaint(1, ABOVE);
        // The legend names the colours drawn, and only those.
        bars.setSeriesVisibleInLegend(0, below.getItemCount() > 0);
        bars.setSeriesVisibleInLegend(1, beyond.getItemCount() > 0);

        double lo = bins.edges()[0];
        double hi = bins.edges()[BINS];
        NumberAxis errorAxis = new NumberAxis("reconstruction error per sample");
        errorAxis.setRange(lo, hi);
        errorAxis.setNumberFormatOverride(new ShortNumberFormat());
        LossChart.style(errorAxis);
        LogAxis countAxis = new LogAxis("samples (log scale)");
        // Room above the tallest bar for the threshold's label.
        double countTop = Math.max(10, maxCount) * 3;
        countAxis.setRange(FLOOR, countTop);
        // Ticks at whole powers of ten only (1, 10, 100): counts have no 0.1 or 3.16.
        countAxis.setAutoTickUnitSelection(false);
        countAxis.setTickUnit(new NumberTickUnit(1));
        countAxis.setNumberFormatOverride(NumberFormat.getIntegerInstance(Locale.ROOT));
        countAxis.setMinorTickMarksVisible(false);
        LossChart.style(countAxis);

        XYPlot plot = new XYPlot(data, errorAxis, countAxis, bars);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinePaint(LossChart.GRID);
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setRangeMinorGridlinesVisible(true);
        plot.setRangeMinorGridlinePaint(new Color(0xf0f0f0));
        plot.setRangeMinorGridlineStroke(new BasicStroke(1f));
        plot.addDomainMarker(thresholdLine(threshold, lo, hi));

        JFreeChart chart = LossChart.chart(title, subtitle, plot);
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = chart.createBufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB, info);
        List<String> legend = new ArrayList<>();
        for (int i = 0; i < plot.getLegendItems().getItemCount(); i++) {
            legend.add(plot.getLegendItems().get(i).getLabel());
        }
        return new Drawn(image, info.getPlotInfo().getDataArea(), lo, hi, countTop, legend);
    }

    /** The threshold as a dashed red line, labelled on the side with more room so that the label stays on the chart. */
    private static ValueMarker thresholdLine(double threshold, double lo, double hi) {
        ValueMarker line = new ValueMarker(threshold, ABOVE, LossChart.dashed(2f));
        line.setLabel("threshold " + Drawing.label(threshold));
        line.setLabelFont(Drawing.TEXT);
        line.setLabelPaint(ABOVE);
        line.setLabelBackgroundColor(new Color(255, 255, 255, 220));
        line.setLabelOffset(new RectangleInsets(6, 6, 6, 6));
        boolean rightHalf = threshold > (lo + hi) / 2;
        line.setLabelAnchor(rightHalf ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
        line.setLabelTextAnchor(rightHalf ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
        return line;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(1);
    }
}
