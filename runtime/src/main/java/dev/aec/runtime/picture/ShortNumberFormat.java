package dev.aec.runtime.picture;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

/**
 * Tick labels without needless digits, whatever the magnitude: `0.02`, `0.0025`, `150`, `3e-6`.
 * JFreeChart's default pattern prints a loss of 0.0004 as `0`, and the locale's grouping would put
 * commas into a plain number.
 */
final class ShortNumberFormat extends NumberFormat {
    private static final long serialVersionUID = 1L;

    @Override
    public StringBuffer format(double number, StringBuffer to, FieldPosition pos) {
        return to.append(text(number));
    }

    @Override
    public StringBuffer format(long number, StringBuffer to, FieldPosition pos) {
        return to.append(number);
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
        try {
            double value = Double.parseDouble(source.substring(pos.getIndex()).trim());
            pos.setIndex(source.length());
            return value;
        } catch (NumberFormatException e) {
            pos.setErrorIndex(pos.getIndex());
            return null;
        }
    }

    /** Six significant digits at most, which also drops the 0.30000000000000004 of tick arithmetic. */
    static String text(double number) {
        if (!Double.isFinite(number)) {
            return Double.toString(number);
        }
        if (number == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(number).round(new MathContext(6)).stripTrailingZeros();
        double abs = Math.abs(number);
        if (abs >= 1e-4 && abs < 1e7) {
            return rounded.toPlainString();
        }
        int exponent = rounded.precision() - rounded.scale() - 1;
        return rounded.movePointLeft(exponent).stripTrailingZeros().toPlainString() + "e" + exponent;
    }
}
