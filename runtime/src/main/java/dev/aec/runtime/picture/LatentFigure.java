package dev.aec.runtime.picture;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.annotations.XYShapeAnnotation;
import org.jfree.chart.axis.AxisSpace;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.VerticalAlignment;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The latent-space figure of the Keras VAE example, in two panels: test images as points in a
 * plane of the latent space coloured by their digit, with a legend; and the images the decoder
 * makes on a grid over the same plane. The grid's extent is outlined on the scatter.
 *
 * <p>Both panels are JFreeChart plots in the look of {@link LossChart}. The decoded images are laid
 * into the second plot's data area by hand, after JFreeChart has drawn its axes: the area is sized
 * to whole multiples of an image (fixed axis space and insets) so that each pixel of a digit stays a
 * sharp square, which scaling an image into a plot's background would blur.
 */
public final class LatentFigure {
    private static final int PLOT = 560;
    /** Room left of a plot for tick labels and the axis name, and below it for the same. */
    private static final int AXIS_LEFT = 66;
    private static final int AXIS_BOTTOM = 52;
    private static final int TOP = 50;
    /** Room above and right of each plot's frame. */
    private static final int PAD = 10;
    private static final int GAP = 40;
    private static final int RIGHT = 24;
    private static final int ALPHA = 150;

    /** Points `[n][2]` in plane coordinates and their labels (0-9). */
    public record Scatter(double[][] points, int[] labels) {
    }

    /**
     * Decoded images on a grid: `images[r][c]` at (`us[c]`, `vs[r]`), `vs` falling from top to bottom,
     * each `side x side` pixels.
     */
    public record Manifold(float[][][] images, double[] us, double[] vs, int side) {
    }

    /** A drawn figure and where each panel's data area lies, so that a test can find a point's pixel. */
    record Drawn(BufferedImage image, Rectangle2D scatterArea, double[] uRange, double[] vRange,
                 Rectangle2D gridArea, List<String> legend) {
        int x(double u) {
            return (int) Math.round(scatterArea.getX() + (u - uRange[0]) / (uRange[1] - uRange[0])
                    * scatterArea.getWidth());
        }

        int y(double v) {
            return (int) Math.round(scatterArea.getMaxY() - (v - vRange[0]) / (vRange[1] - vRange[0])
                    * scatterArea.getHeight());
        }
    }

    public BufferedImage draw(String title, String nameU, String nameV, Scatter scatter, Manifold manifold) {
        return drawn(title, nameU, nameV, scatter, manifold).image();
    }

    public void writePng(String title, String nameU, String nameV, Scatter scatter, Manifold manifold,
                         OutputStream out) throws IOException {
        Drawing.png(draw(title, nameU, nameV, scatter, manifold), out);
    }

    Drawn drawn(String title, String nameU, String nameV, Scatter scatter, Manifold manifold) {
        int side = cell(manifold) * manifold.us().length;
        double[] uRange = range(scatter.points(), 0, manifold.us());
        double[] vRange = range(scatter.points(), 1, manifold.vs());
        XYPlot scatterPlot = scatterPlot(scatter, manifold, axis(nameU, uRange), axis(nameV, vRange));
        JFreeChart scatterChart = chart(scatterPlot);
        LegendTitle legend = new LegendTitle(scatterPlot);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setVerticalAlignment(VerticalAlignment.TOP);
        legend.setFrame(BlockBorder.NONE);
        legend.setItemFont(Drawing.TEXT);
        legend.setBackgroundPaint(Color.WHITE);
        legend.setItemLabelPadding(new RectangleInsets(4, 4, 4, 4));
        legend.setMargin(new RectangleInsets(0, 12, 0, 0));
        scatterChart.addLegend(legend);
        // The legend measured first, so that the scatter's data area is square whatever its labels.
        Graphics2D scratch = Drawing.graphics(Drawing.canvas(1, 1));
        int legendWidth = (int) Math.ceil(legend.arrange(scratch).getWidth());
        scratch.dispose();
        int scatterWidth = AXIS_LEFT + PLOT + PAD + legendWidth;
        int width = scatterWidth + GAP + AXIS_LEFT + side + PAD + RIGHT;
        int height = TOP + PAD + PLOT + AXIS_BOTTOM + 8;
        BufferedImage image = Drawing.canvas(width, height);
        Graphics2D g = Drawing.graphics(image);
        g.setFont(Drawing.TITLE.deriveFont(16f));
        Drawing.centred(g, title, width / 2, 22);
        g.setFont(Drawing.TEXT);
        Drawing.centred(g, "test images by digit", AXIS_LEFT + PLOT / 2, TOP - 4);
        Drawing.centred(g, "decoded on a " + manifold.us().length + "x" + manifold.vs().length + " grid",
                scatterWidth + GAP + AXIS_LEFT + side / 2, TOP - 4);
        ChartRenderingInfo scatterInfo = new ChartRenderingInfo();
        scatterChart.draw(g, new Rectangle2D.Double(0, TOP, scatterWidth, PAD + PLOT + AXIS_BOTTOM), scatterInfo);

        int x0 = scatterWidth + GAP;
        double halfU = step(manifold.us()) / 2;
        double halfV = step(manifold.vs()) / 2;
        XYPlot gridPlot = framed(new XYPlot(new XYSeriesCollection(),
                axis(nameU, new double[] {first(manifold.us()) - halfU, last(manifold.us()) + halfU}),
                axis(nameV, new double[] {last(manifold.vs()) - halfV, first(manifold.vs()) + halfV}), null));
        gridPlot.setDomainGridlinesVisible(false);
        gridPlot.setRangeGridlinesVisible(false);
        ChartRenderingInfo gridInfo = new ChartRenderingInfo();
        chart(gridPlot).draw(g, new Rectangle2D.Double(x0, TOP, AXIS_LEFT + side + PAD, PAD + side + AXIS_BOTTOM),
                gridInfo);
        Rectangle2D gridArea = gridInfo.getPlotInfo().getDataArea();
        drawManifold(g, (int) Math.round(gridArea.getX()), (int) Math.round(gridArea.getY()), manifold);
        g.setColor(Color.GRAY);
        g.draw(gridArea);
        g.dispose();
        List<String> names = new ArrayList<>();
        LegendItemCollection items = scatterPlot.getFixedLegendItems();
        for (int i = 0; i < items.getItemCount(); i++) {
            names.add(items.get(i).getLabel());
        }
        return new Drawn(image, scatterInfo.getPlotInfo().getDataArea(), uRange, vRange, gridArea, names);
    }

    /** One series per class present, in class order, so that the legend lists only the classes drawn. */
    private static XYPlot scatterPlot(Scatter s, Manifold m, NumberAxis u, NumberAxis v) {
        TreeMap<Integer, XYSeries> byClass = new TreeMap<>();
        for (int i = 0; i < s.points().length; i++) {
            int label = s.labels()[i];
            byClass.computeIfAbsent(label, l -> new XYSeries("digit " + l, false, true))
                    .add(s.points()[i][0], s.points()[i][1]);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        int series = 0;
        for (var entry : byClass.entrySet()) {
            data.addSeries(entry.getValue());
            Color c = LossChart.PALETTE[Math.floorMod(entry.getKey(), LossChart.PALETTE.length)];
            // See-through dots show where classes overlap, as matplotlib's `alpha` in the Keras example.
            dots.setSeriesPaint(series, new Color(c.getRed(), c.getGreen(), c.getBlue(), ALPHA));
            dots.setSeriesShape(series, LossChart.circle(5));
            series++;
        }
        XYPlot plot = framed(new XYPlot(data, u, v, dots));
        // The legend's swatches in the full colour and larger than a dot, so that they read at a glance.
        LegendItemCollection legend = new LegendItemCollection();
        for (int label : byClass.keySet()) {
            legend.add(new LegendItem("digit " + label, null, null, null, LossChart.circle(10),
                    LossChart.PALETTE[Math.floorMod(label, LossChart.PALETTE.length)]));
        }
        plot.setFixedLegendItems(legend);
        Rectangle2D grid = new Rectangle2D.Double(Math.min(first(m.us()), last(m.us())),
                Math.min(first(m.vs()), last(m.vs())), Math.abs(last(m.us()) - first(m.us())),
                Math.abs(last(m.vs()) - first(m.vs())));
        dots.addAnnotation(new XYShapeAnnotation(grid, new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10f, new float[] {5, 4}, 0), Color.DARK_GRAY));
        return plot;
    }

    /**
     * A white plot with the house grid and a fixed room for the axes, so that its data area is the
     * drawing area less exactly that room.
     */
    private static XYPlot framed(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        plot.setDomainGridlinePaint(LossChart.GRID);
        plot.setRangeGridlinePaint(LossChart.GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        // Room above and right of the frame for the half of the last tick label that sticks out.
        plot.setInsets(new RectangleInsets(PAD, 0, 0, PAD));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        AxisSpace left = new AxisSpace();
        left.setLeft(AXIS_LEFT);
        plot.setFixedRangeAxisSpace(left);
        AxisSpace bottom = new AxisSpace();
        bottom.setBottom(AXIS_BOTTOM);
        plot.setFixedDomainAxisSpace(bottom);
        return plot;
    }

    private static NumberAxis axis(String name, double[] range) {
        NumberAxis axis = new NumberAxis(name);
        axis.setRange(range[0], range[1]);
        axis.setNumberFormatOverride(new ShortNumberFormat());
        // Room around each label makes JFreeChart choose a coarser step, as on the loss chart.
        axis.setTickLabelInsets(new RectangleInsets(8, 6, 8, 6));
        LossChart.style(axis);
        return axis;
    }

    private static JFreeChart chart(XYPlot plot) {
        JFreeChart chart = new JFreeChart(null, Drawing.TEXT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(RectangleInsets.ZERO_INSETS);
        return chart;
    }

    /** Draws the grid with whole-pixel scaling where it fits (28, 56, ... pixels a cell). */
    private static void drawManifold(Graphics2D g, int x0, int y0, Manifold m) {
        int k = m.us().length;
        int cell = cell(m);
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                g.drawImage(Drawing.grey(m.images()[r][c], m.side(), m.side()), x0 + c * cell, y0 + r * cell,
                        cell, cell, null);
            }
        }
    }

    /** Cell size of the grid: whole multiples of the image where they fit in the panel. */
    private static int cell(Manifold m) {
        int k = m.us().length;
        return k * m.side() <= PLOT ? m.side() * (PLOT / (k * m.side())) : PLOT / k;
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
