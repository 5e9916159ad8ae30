package dev.aec.runtime.fast;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A bias gradient: the sum of each column of a [rows, columns] gradient, as a product with a row of
 * ones. libnd4j's `sum` along dimension 0 took 2.1 ms on the tutorial's 78,400 x 16 first-layer
 * gradient; the product takes 0.3 ms (measured on a 2-core Xeon with AVX-512).
 */
final class ColumnSums implements Runnable {
    private final INDArray ones;
    private final INDArray matrix;
    private final INDArray sums;

    /** `sums` (of `matrix.columns()` elements) receives the column sums of `matrix` on each run. */
    ColumnSums(INDArray matrix, INDArray sums) {
        this.ones = Nd4j.ones(matrix.dataType(), 1, matrix.rows());
        this.matrix = matrix;
        this.sums = sums.reshape('c', 1, matrix.columns());
        if (sums.length() != matrix.columns() || sums.data().address() != this.sums.data().address()) {
            throw new IllegalArgumentException("the sums must be a view of " + matrix.columns() + " elements");
        }
    }

    @Override
    public void run() {
        Nd4j.gemm(ones, matrix, sums, false, false, 1.0, 0.0);
    }
}
