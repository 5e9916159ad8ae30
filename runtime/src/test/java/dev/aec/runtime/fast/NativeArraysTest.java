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

    /** A batch comes into a plan's input as one block of memory, whatever the two shapes, when both are dense. */
    @Test
    void aCopyTakesDenseArraysOfOneTypeAndLengthAndNothingElse() {
        INDArray rows = Nd4j.rand(DataType.FLOAT, 10, 6);
        INDArray into = Nd4j.create(DataType.FLOAT, 4, 2, 3, 1);
        INDArray someRows = rows.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 7),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertThat(NativeArrays.copy(someRows, into)).isTrue();
        assertThat(into.reshape(4, 6)).isEqualTo(someRows);

        INDArray before = into.dup();
        assertThat(NativeArrays.copy(Nd4j.rand(DataType.FLOAT, 6, 4).transpose(), into)).as("column-major").isFalse();
        assertThat(NativeArrays.copy(Nd4j.rand(DataType.DOUBLE, 4, 6), into)).as("double").isFalse();
        assertThat(NativeArrays.copy(Nd4j.rand(DataType.FLOAT, 5, 6), into)).as("longer").isFalse();
        assertThat(into).as("nothing copied").isEqualTo(before);
    }
}
