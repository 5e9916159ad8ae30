package dev.aec.compiler.model;

import java.math.BigDecimal;

/** How settings print numbers: as written in a model file, `0.0001` and `1`, never `1.0E-4`. */
final class Numbers {
    private Numbers() {
    }

    static String format(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
