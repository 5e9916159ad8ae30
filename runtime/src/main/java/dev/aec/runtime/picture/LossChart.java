package dev.aec.runtime.picture;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Loss per epoch as Keras users plot `history.history`: `loss.png` of a run (training and
 * validation loss, the best epoch marked, a VAE's KL term in a panel of its own) and the curves of
 * several runs in one picture for `aec compare`. Drawn with JFreeChart on an image, headless.
 *
 * <p>The loss axis turns logarithmic when the losses drawn span more than a decade: a first epoch
 * at 0.2 and a last at 0.01 would otherwise flatten every later epoch into the floor, and the
 * axis label says so.
 */
public final class LossChart {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    /** matplotlib's tab10, as the other figures, so the colours read as in a Keras notebook. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    public static final Color TRAIN = PALETTE[0];
    public static final Color VALIDATION = PALETTE[1];
    public static final Color KL = PALETTE[2];
    /** The best epoch's marker; no series is drawn in it. */
    public static final Color BEST = PALETTE[3];
    /** A validation loss's reconstruction part: a lighter orange, dashed, beside the total it is part of. */
    static final Color RECONSTRUCTION = new Color(0xc49c6b);
    static final Color GRID = new Color(0xdddddd);
    static final int WIDTH = 900;
    static final int HEIGHT = 540;
    /** A VAE's figure is taller by the KL panel. */
    static final int HEIGHT_WITH_KL = 720;
    /** Above this many epochs a curve is a plain line, without a dot on each epoch. */
    static final int MANY_EPOCHS = 60;
    /** Above a span of this many times from the lowest to the highest loss, the axis is logarithmic. */
    static final double DECADE = 10;

    /** One line: `values[i]` is the loss after epoch `epochs[i]` (1-based); a value that is not finite is left out. */
    public record Series(String name, int[] epochs, double[] values) {
        public Series {
            if (epochs.length != values.length) {
                throw new IllegalArgumentException(epochs.length + " epochs for " + values.length + " values");
            }
            epochs = epochs.clone();
            values = values.clone();
        }

        boolean drawable() {
            for (double v : values) {
                if (Double.isFinite(v)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * What one run's `loss.png` shows. `plannedEpochs` widens the epoch axis from the start, so that
     * a run in progress shows how far it has come; `validation`, `reconstruction` and `kl` are
     * present only when the run measured them.
     */
    public record RunCurves(String title, String subtitle, String lossName, int plannedEpochs, Series train,
                            Optional<Series> validation, Optional<Series> reconstruction, Optional<Series> kl,
                            java.util.OptionalInt keptEpoch) {
        /** Curves of a run that keeps no particular epoch: its best is its lowest loss. */
        public RunCurves(String title, String subtitle, String lossName, int plannedEpochs, Series train,
                         Optional<Series> validation, Optional<Series> reconstruction, Optional<Series> kl) {
            this(title, subtitle, lossName, plannedEpochs, train, validation, reconstruction, kl,
                    java.util.OptionalInt.empty());
        }
    }

    /** The epoch with the lowest loss, and of which loss: validation when there is one, else training. */
    public record Best(int epoch, double value, String which) {
    }

    /**
     * A drawn chart and where its loss panel's data area lies, so that a test can find an epoch's
     * column: `x(epoch)` is the pixel column of an epoch.
     */
    public record Drawn(BufferedImage image, Rectangle2D lossArea, double firstEpoch, double lastEpoch,
                        boolean logarithmic, String lossLabel) {
        public int x(double epoch) {
            return (int) Math.round(lossArea.getX() + (epoch - firstEpoch) / (lastEpoch - firstEpoch)
                    * lossArea.getWidth());
        }
    }

    private LossChart() {
    }

    /**
     * The best epoch of a run: the one whose weights it keeps as its best (`keptEpoch`, chosen by early
     * stopping, where a later epoch lower by less than `min_delta` does not count), else the lowest
     * validation loss, or the lowest training loss without validation.
     */
    public static Optional<Best> best(RunCurves curves) {
        Optional<Series> validation = curves.validation().filter(Series::drawable);
        Series from = validation.orElse(curves.train());
        String which = validation.isPresent() ? "validation" : "training";
        int at = -1;
        for (int i = 0; i < from.values().length; i++) {
            double v = from.values()[i];
            if (Double.isFinite(v) && (at < 0 || v < from.values()[at])) {
                at = i;
            }
        }
        for (int i = 0; i < from.values().length && curves.keptEpoch().isPresent(); i++) {
            if (from.epochs()[i] == curves.keptEpoch().getAsInt() && Double.isFinite(from.values()[i])) {
                at = i;
            }
        }
        return at < 0 ? Optional.empty() : Optional.of(new Best(from.epochs()[at], from.values()[at], which));
    }

    /**
     * Whether values spanning this much are drawn on a logarithmic axis: all positive, the highest more
     * than ten times the lowest. A loss that can be 0 or negative (a KL estimate, a summed
     * log-likelihood) stays linear.
     */
    public static boolean logarithmic(List<Series> series) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isFinite(v)) {
                    continue;
                }
                if (v <= 0) {
                    return false;
                }
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo < hi && hi / lo > DECADE;
    }

    /** One run's loss curves. */
    public static Drawn draw(RunCurves curves) {
        List<Series> main = new ArrayList<>();
        List<Color> colours = new ArrayList<>();
        List<Stroke> strokes = new ArrayList<>();
        main.add(curves.train());
        colours.add(TRAIN);
        strokes.add(line());
        curves.validation().filter(Series::drawable).ifPresent(v -> {
            main.add(v);
            colours.add(VALIDATION);
            strokes.add(line());
        });
        curves.reconstruction().filter(Series::drawable).ifPresent(r -> {
            main.add(r);
            colours.add(RECONSTRUCTION);
            strokes.add(dashed(2f));
        });
        boolean log = logarithmic(main);
        String lossLabel = "loss (" + curves.lossName() + (log ? ", log scale" : "") + ")";
        Optional<Best> best = best(curves);
        NumberAxis epochs = epochAxis(lastEpoch(main, curves.plannedEpochs()));
        XYPlot losses = plot(main, colours, strokes, epochs, lossAxis(lossLabel, log));
        best.ifPresent(b -> markBest(losses, b, epochs, true));
        Optional<Series> kl = curves.kl().filter(Series::drawable);
        Plot plot = losses;
        if (kl.isPresent()) {
            boolean klLog = logarithmic(List.of(kl.get()));
            XYPlot klPlot = plot(List.of(kl.get()), List.of(KL), List.of(line()), epochs,
                    lossAxis("KL (nats per sample" + (klLog ? ", log scale" : "") + ")", klLog));
            best.ifPresent(b -> markBest(klPlot, b, epochs, false));
            CombinedDomainXYPlot combined = new CombinedDomainXYPlot(epochs);
            combined.setGap(14);
            combined.add(losses, 3);
            combined.add(klPlot, 1);
            plot = combined;
        }
        JFreeChart chart = chart(curves.title(), curves.subtitle(), plot);
        int height = kl.isPresent() ? HEIGHT_WITH_KL : HEIGHT;
        return render(chart, height, epochs, kl.isPresent(), log, lossLabel);
    }

    /**
     * Several runs' curves in one picture, each in its own colour and labelled with its name; each
     * run's best epoch is a larger dot of its colour.
     */
    public static Drawn compare(String title, String subtitle, String lossLabel, List<Series> runs) {
        List<Series> drawn = runs.stream().filter(Series::drawable).toList();
        if (drawn.isEmpty()) {
            throw new IllegalArgumentException("no run has a finite loss to draw");
        }
        boolean log = logarithmic(drawn);
        String label = lossLabel + (log ? " (log scale)" : "");
        List<Color> colours = new ArrayList<>();
        List<Stroke> strokes = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            colours.add(PALETTE[i % PALETTE.length]);
            // Past ten runs the colours come round again, dashed the second time.
            strokes.add(i < PALETTE.length ? line() : dashed(2f));
        }
        NumberAxis epochs = epochAxis(lastEpoch(drawn, 1));
        XYPlot plot = plot(drawn, colours, strokes, epochs, lossAxis(label, log));
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        XYSeriesCollection bests = new XYSeriesCollection();
        for (int i = 0; i < drawn.size(); i++) {
            Series s = drawn.get(i);
            XYSeries point = new XYSeries(s.name() + " best", false, true);
            int at = lowest(s.values());
            point.add(s.epochs()[at], s.values()[at]);
            bests.addSeries(point);
            dots.setSeriesPaint(i, colours.get(i));
            dots.setSeriesShape(i, circle(9));
            dots.setSeriesVisibleInLegend(i, false);
        }
        plot.setDataset(1, bests);
        plot.setRenderer(1, dots);
        return render(chart(title, subtitle, plot), HEIGHT, epochs, false, log, label);
    }

    public static void writePng(Drawn drawn, OutputStream out) throws IOException {
        Drawing.png(drawn.image(), out);
    }

    private static XYPlot plot(List<Series> series, List<Color> colours, List<Stroke> strokes, NumberAxis epochs,
                               ValueAxis values) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            // Without autosort and with duplicates allowed, a series keeps the epochs as recorded.
            XYSeries line = new XYSeries(s.name(), false, true);
            for (int e = 0; e < s.epochs().length; e++) {
                // A gap, not a line to 0 or to the sky, where an epoch has no finite loss.
                line.add(s.epochs()[e], Double.isFinite(s.values()[e]) ? s.values()[e] : Double.NaN);
            }
            data.addSeries(line);
            renderer.setSeriesPaint(i, colours.get(i));
            renderer.setSeriesStroke(i, strokes.get(i));
            renderer.setSeriesShape(i, circle(6));
            // A dot per epoch shows where the measurements are; past a few dozen they merge into a band.
            renderer.setSeriesShapesVisible(i, s.epochs().length <= MANY_EPOCHS);
        }
        XYPlot plot = new XYPlot(data, epochs, values, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setRangeMinorGridlinesVisible(values instanceof LogLossAxis);
        plot.setRangeMinorGridlinePaint(new Color(0xf0f0f0));
        plot.setOutlinePaint(Color.GRAY);
        return plot;
    }

    /** A dashed line at the best epoch and a dot on its loss; the main panel labels it. */
    private static void markBest(XYPlot plot, Best best, NumberAxis epochs, boolean labelled) {
        ValueMarker line = new ValueMarker(best.epoch(), BEST, dashed(2f));
        if (labelled) {
            line.setLabel(String.format(Locale.ROOT, "best: epoch %d, %s loss %s", best.epoch(), best.which(),
                    number(best.value())));
            line.setLabelFont(Drawing.TEXT);
            line.setLabelPaint(BEST);
            // JFreeChart's grey box would hide the grid; a light one keeps the label readable over a line.
            line.setLabelBackgroundColor(new Color(255, 255, 255, 220));
            line.setLabelOffset(new RectangleInsets(6, 6, 6, 6));
            // The label on the side with more room, so that it never runs off the chart.
            boolean rightHalf = best.epoch() > (epochs.getLowerBound() + epochs.getUpperBound()) / 2;
            line.setLabelAnchor(rightHalf ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
            line.setLabelTextAnchor(rightHalf ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
            XYSeriesCollection dot = new XYSeriesCollection();
            XYSeries point = new XYSeries("best epoch (" + best.which() + " loss)", false, true);
            point.add(best.epoch(), best.value());
            dot.addSeries(point);
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
            renderer.setSeriesPaint(0, BEST);
            renderer.setSeriesShape(0, circle(11));
            plot.setDataset(1, dot);
            plot.setRenderer(1, renderer);
        }
        plot.addDomainMarker(line);
    }

    /** Whole epochs only, from just before the first to just after the last. */
    private static NumberAxis epochAxis(int last) {
        NumberAxis axis = new NumberAxis("epoch");
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        double pad = Math.max(0.25, 0.02 * last);
        axis.setRange(1 - pad, last + pad);
        style(axis);
        return axis;
    }

    private static ValueAxis lossAxis(String label, boolean log) {
        ValueAxis axis;
        if (log) {
            axis = new LogLossAxis(label);
        } else {
            NumberAxis linear = new NumberAxis(label);
            linear.setAutoRangeIncludesZero(false);
            // Room around each label makes JFreeChart choose a coarser step: ten ticks, not twenty.
            linear.setTickLabelInsets(new RectangleInsets(8, 4, 8, 4));
            linear.setNumberFormatOverride(new ShortNumberFormat());
            axis = linear;
        }
        axis.setLowerMargin(0.06);
        axis.setUpperMargin(0.1);
        style(axis);
        return axis;
    }

    /** The axis look every chart of aec shares: its fonts, black labels. */
    static void style(ValueAxis axis) {
        axis.setLabelFont(Drawing.TEXT);
        axis.setTickLabelFont(Drawing.TEXT.deriveFont(12f));
        axis.setLabelPaint(Color.BLACK);
        axis.setTickLabelPaint(Color.BLACK);
    }

    /** The chart look every chart of aec shares: white, anti-aliased, a grey subtitle, a frameless legend. */
    static JFreeChart chart(String title, String subtitle, Plot plot) {
        JFreeChart chart = new JFreeChart(title, Drawing.TITLE.deriveFont(16f), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (!subtitle.isEmpty()) {
            TextTitle sub = new TextTitle(subtitle, Drawing.TEXT);
            sub.setPaint(Color.DARK_GRAY);
            chart.addSubtitle(0, sub);
        }
        chart.getLegend().setFrame(BlockBorder.NONE);
        chart.getLegend().setItemFont(Drawing.TEXT);
        chart.getLegend().setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        return chart;
    }

    private static Drawn render(JFreeChart chart, int height, NumberAxis epochs, boolean panels, boolean log,
                                String lossLabel) {
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = chart.createBufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB, info);
        PlotRenderingInfo plotInfo = info.getPlotInfo();
        Rectangle2D area = panels ? plotInfo.getSubplotInfo(0).getDataArea() : plotInfo.getDataArea();
        return new Drawn(image, area, epochs.getLowerBound(), epochs.getUpperBound(), log, lossLabel);
    }

    private static int lastEpoch(List<Series> series, int planned) {
        int last = Math.max(1, planned);
        for (Series s : series) {
            for (int e : s.epochs()) {
                last = Math.max(last, e);
            }
        }
        return last;
    }

    private static int lowest(double[] values) {
        int at = -1;
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i]) && (at < 0 || values[i] < values[at])) {
                at = i;
            }
        }
        return at;
    }

    static Shape circle(double diameter) {
        return new Ellipse2D.Double(-diameter / 2, -diameter / 2, diameter, diameter);
    }

    private static Stroke line() {
        return new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    static Stroke dashed(float width) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f);
    }

    /**
     * A loss as the run's table prints it: four decimals as the training log, two for a loss summed
     * over a sample (`148.25`, where four would be noise), three significant digits below 0.01.
     */
    public static String number(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        double abs = Math.abs(value);
        if (abs >= 10) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return abs == 0 || abs >= 0.01 ? String.format(Locale.ROOT, "%.4f", value)
                : String.format(Locale.ROOT, "%.3g", value);
    }
}
