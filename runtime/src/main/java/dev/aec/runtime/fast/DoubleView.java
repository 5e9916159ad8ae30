package dev.aec.runtime.fast;

import java.nio.DoubleBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The memory of a dense row-major double array, read and written in place by the plain-loop
 * reference kernels (double precision, which oneDNN lacks): no copy, so the executor's views of its
 * flat parameters stay views.
 */
final class DoubleView {
    private final DoubleBuffer data;
    private final int offset;
    private final int length;

    DoubleView(INDArray array) {
        if (array.dataType() != DataType.DOUBLE || array.ordering() != 'c' || array.elementWiseStride() != 1) {
            throw new IllegalArgumentException("the reference kernels read dense row-major double arrays");
        }
        this.data = array.data().asNioDouble();
        this.offset = Math.toIntExact(array.offset());
        this.length = Math.toIntExact(array.length());
    }

    double get(int i) {
        return data.get(offset + i);
    }

    void put(int i, double value) {
        data.put(offset + i, value);
    }

    void fill(double value) {
        for (int i = 0; i < length; i++) {
            data.put(offset + i, value);
        }
    }
}
