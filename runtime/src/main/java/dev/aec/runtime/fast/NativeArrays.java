package dev.aec.runtime.fast;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The arrays whose memory a oneDNN primitive reads and writes by address, held as long as the
 * primitive. ND4J frees an array's memory when the collector finds its wrapper unreachable, and a
 * oneDNN memory object keeps the address alone: an array that only oneDNN reads, as max pooling's
 * output and its gradient, which the next convolution reads and writes, was freed by the first
 * collection while the plan still wrote it, and the next arrays allocated (a smaller last batch's
 * plan) were handed the same memory. The only way to a oneDNN address goes through here.
 */
final class NativeArrays {
    private final List<INDArray> held = new ArrayList<>();

    /** The native address of an array's first element, for oneDNN to read or write in place; the array is held. */
    Pointer address(INDArray array) {
        if (array.ordering() != 'c' || array.elementWiseStride() != 1 || array.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("oneDNN reads dense row-major float arrays");
        }
        held.add(array);
        return new Address(array.data().address() + array.offset() * array.data().getElementSize());
    }

    private static final class Address extends Pointer {
        Address(long address) {
            this.address = address;
        }
    }
}
