package dev.aec.runtime.picture;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A logarithmic loss axis with ticks where a reader expects them, as matplotlib puts them: 1, 2
 * and 5 times each power of ten labelled while the axis spans a few decades, only the powers of
 * ten past that, the other whole multiples as unlabelled minor grid lines. JFreeChart's own
 * {@link LogAxis} steps through the exponent, so its ticks fall on values such as 3.16.
 */
final class LogLossAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    /** Up to this many decades, 2 and 5 times each power of ten are labelled as well. */
    private static final double FEW_DECADES = 2.5;

    LogLossAxis(String label) {
        super(label);
        setNumberFormatOverride(new ShortNumberFormat());
        setMinorTickMarksVisible(false);
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT;
        List ticks = new ArrayList();
        for (Tick t : ticks(getLowerBound(), getUpperBound())) {
            ticks.add(new LogTick(t.major() ? TickType.MAJOR : TickType.MINOR, t.value(),
                    t.major() ? label(t.value()) : null, anchor));
        }
        return ticks;
    }

    /** A label in the tick font: an attributed string without a font is drawn in Java's default one. */
    private AttributedString label(double value) {
        String text = ShortNumberFormat.text(value);
        AttributedString label = new AttributedString(text);
        label.addAttributes(getTickLabelFont().getAttributes(), 0, text.length());
        return label;
    }

    /** One tick: its value, and whether it is labelled. */
    record Tick(double value, boolean major) {
    }

    /** The ticks between `lo` and `hi` (both positive). */
    static List<Tick> ticks(double lo, double hi) {
        List<Tick> ticks = new ArrayList<>();
        if (!(lo > 0) || !(hi > lo)) {
            return ticks;
        }
        boolean few = Math.log10(hi / lo) <= FEW_DECADES;
        for (int power = (int) Math.floor(Math.log10(lo)); power <= (int) Math.ceil(Math.log10(hi)); power++) {
            for (int m = 1; m <= 9; m++) {
                // Parsed from text so that 3 x 0.1 is the tick 0.3, not 0.30000000000000004.
                double value = Double.parseDouble(m + "e" + power);
                if (value < lo * (1 - 1e-9) || value > hi * (1 + 1e-9)) {
                    continue;
                }
                boolean major = m == 1 || (few && (m == 2 || m == 5));
                ticks.add(new Tick(value, major));
            }
        }
        return ticks;
    }
}
