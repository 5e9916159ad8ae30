package dev.aec.runtime.fast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.ref.WeakReference;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN reads and writes arrays by address, and ND4J frees an array's memory once the collector
 * finds its wrapper unreachable: a primitive holds the arrays it was given for as long as it lives.
 */
class NativeArraysTest {
    @Test
    void maxPoolingHoldsTheOutputAndGradientsOnlyItUses() {
        assumeThat(Dnnl.runs(DataType.FLOAT)).as("oneDNN loads").isTrue();
        INDArray in = Nd4j.rand(DataType.FLOAT, 2, 4, 4, 3);
        WeakReference<INDArray> out = new WeakReference<>(Nd4j.create(DataType.FLOAT, 2, 2, 2, 3));
        WeakReference<INDArray> gradOut = new WeakReference<>(Nd4j.create(DataType.FLOAT, 2, 2, 2, 3));
        WeakReference<INDArray> gradIn = new WeakReference<>(in.ulike());
        DnnlMaxPool pool = new DnnlMaxPool(in, out.get(), Optional.of(gradOut.get()), Optional.of(gradIn.get()),
                new long[] {2, 2}, new long[] {2, 2}, new long[] {0, 0}, new long[] {0, 0});
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertThat(out.get()).as("the output").isNotNull();
        assertThat(gradOut.get()).as("the output's gradient").isNotNull();
        assertThat(gradIn.get()).as("the input's gradient").isNotNull();
        pool.forward();
        assertThat(out.get().maxNumber().floatValue()).isEqualTo(in.maxNumber().floatValue());
    }

    @Test
    void anArrayIsFreedOnceNothingHoldsIt() {
        // The other half of the premise: without a holder, the collector does take the wrapper.
        WeakReference<INDArray> free = new WeakReference<>(Nd4j.create(DataType.FLOAT, 8));
        NativeArrays arrays = new NativeArrays();
        WeakReference<INDArray> held = new WeakReference<>(Nd4j.create(DataType.FLOAT, 8));
        arrays.address(held.get());
        for (int i = 0; i < 3 && free.get() != null; i++) {
            System.gc();
        }
        assertThat(free.get()).isNull();
        assertThat(held.get()).isNotNull();
        assertThat(arrays).isNotNull();
    }
}
