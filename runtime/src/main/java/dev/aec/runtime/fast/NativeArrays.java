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
    private final java.util.Map<Integer, INDArray> slots = new java.util.HashMap<>();

    /** The native address of an array's first element, for oneDNN to read or write in place; the array is held. */
    Pointer address(INDArray array) {
        check(array);
        held.add(array);
        return addressOf(array);
    }

    /**
     * As {@link #address}, for a primitive whose arrays change between runs (an optimizer handed new
     * gradients each step): the array is held in `slot` until another is bound there, not for ever.
     */
    Pointer rebind(int slot, INDArray array) {
        check(array);
        slots.put(slot, array);
        return addressOf(array);
    }

    /**
     * An address inside an array this holder already holds (a block of an optimizer's slot): the
     * caller keeps it within that array.
     */
    static Pointer at(long address) {
        return new Address(address);
    }

    /** Whether oneDNN can be handed this array's memory as a dense row-major float array. */
    static boolean dense(INDArray array) {
        return contiguous(array) && array.dataType() == DataType.FLOAT;
    }

    /**
     * Copies `from` into `to` as one block of memory when both are dense row-major arrays of one
     * type and length, whatever their shapes; returns false, having copied nothing, otherwise.
     */
    static boolean copy(INDArray from, INDArray to) {
        if (from.length() != to.length() || from.dataType() != to.dataType() || !contiguous(from) || !contiguous(to)) {
            return false;
        }
        Pointer.memcpy(addressOf(to), addressOf(from), to.length() * to.data().getElementSize());
        return true;
    }

    private static boolean contiguous(INDArray array) {
        return array.ordering() == 'c' && array.elementWiseStride() == 1;
    }

    private static void check(INDArray array) {
        if (!dense(array)) {
            throw new IllegalArgumentException("oneDNN reads dense row-major float arrays");
        }
    }

    private static Pointer addressOf(INDArray array) {
        return new Address(array.data().address() + array.offset() * array.data().getElementSize());
    }

    private static final class Address extends Pointer {
        Address(long address) {
            this.address = address;
        }
    }
}
