package dev.aec.compiler.model;

/** A two-dimensional size (kernel, stride, pool or upsampling factor), rows x columns. */
public record Size2(int rows, int cols) {
    public static Size2 square(int n) {
        return new Size2(n, n);
    }

    @Override
    public String toString() {
        return rows + "x" + cols;
    }
}
