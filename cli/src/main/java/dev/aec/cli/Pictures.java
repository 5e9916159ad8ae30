package dev.aec.cli;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batches of images cut into the rows the picture classes draw. ND4J types stay out of the
 * command classes, which picocli reflects on even for `aec check`.
 */
final class Pictures {
    private Pictures() {
    }

    /** Image `i` of a batch `[n, ...]`, flat. */
    static float[] image(INDArray batch, int i) {
        return batch.slice(i).dup('c').data().asFloat();
    }

    /** A batch laid out `columns` to a row. */
    static float[][][] grid(INDArray batch, int columns) {
        int n = (int) batch.size(0);
        int rows = (n + columns - 1) / columns;
        float[][][] grid = new float[rows][][];
        for (int r = 0; r < rows; r++) {
            int inRow = Math.min(columns, n - r * columns);
            grid[r] = new float[inRow][];
            for (int c = 0; c < inRow; c++) {
                grid[r][c] = image(batch, r * columns + c);
            }
        }
        return grid;
    }

    /** Columns for a roughly square grid of `n`, at most 40 wide. */
    static int columns(int n) {
        return Math.min(40, (int) Math.ceil(Math.sqrt(n)));
    }

    /** The mean over all values of the squared difference of two batches of the same size. */
    static double meanSquaredError(INDArray a, INDArray b) {
        double norm = a.reshape(b.shape()).sub(b).norm2Number().doubleValue();
        return norm * norm / a.length();
    }
}
