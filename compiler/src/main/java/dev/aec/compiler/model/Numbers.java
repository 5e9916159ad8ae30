package dev.aec.compiler.model;

/** How settings print numbers: whole numbers without a decimal point, others as Java writes doubles. */
final class Numbers {
    private Numbers() {
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
