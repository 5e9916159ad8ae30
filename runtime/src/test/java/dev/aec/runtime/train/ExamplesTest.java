package dev.aec.runtime.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aec.compiler.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ExamplesTest {
    private static final INDArray ROWS = Nd4j.arange(72).castTo(DataType.FLOAT).reshape(6, 12);

    @Test
    void aBatchHoldsTheRowsAtTheIndicesInTheirOrder() {
        Examples examples = new Examples("t", ROWS, new Shape(List.of(3, 4)));
        INDArray batch = examples.batch(new int[] {4, 0, 4, 5});
        assertThat(batch.shape()).containsExactly(4, 3, 4);
        int[] picked = {4, 0, 4, 5};
        for (int i = 0; i < picked.length; i++) {
            assertThat(batch.get(NDArrayIndex.point(i)).reshape(12)).isEqualTo(ROWS.getRow(picked[i]));
        }
    }

    @Test
    void rowsGivenAsAViewAreCopiedSoBatchesReadTheirOwnBuffer() {
        INDArray view = ROWS.get(NDArrayIndex.interval(2, 5), NDArrayIndex.all());
        Examples examples = new Examples("t", view, new Shape(List.of(12)));
        assertThat(examples.batch(new int[] {0, 2})).isEqualTo(Nd4j.vstack(ROWS.getRow(2), ROWS.getRow(4)));
    }

    @Test
    void anIndexOutsideTheRowsIsRefused() {
        Examples examples = new Examples("t", ROWS, new Shape(List.of(12)));
        assertThatThrownBy(() -> examples.batch(new int[] {6})).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aBatchArrayIsRefilledInPlace() {
        Examples examples = new Examples("t", ROWS, new Shape(List.of(12)));
        INDArray reused = examples.batch(new int[] {0, 1});
        INDArray refilled = examples.batchInto(new int[] {5, 3}, reused);
        assertThat(refilled).isSameAs(reused).isEqualTo(examples.batch(new int[] {5, 3}));
    }

    @Test
    void aBatchArrayOfTheWrongSizeIsRefused() {
        Examples examples = new Examples("t", ROWS, new Shape(List.of(12)));
        INDArray two = examples.batch(new int[] {0, 1});
        assertThatThrownBy(() -> examples.batchInto(new int[] {0, 1, 2}, two)).isInstanceOf(IllegalArgumentException.class);
    }
}
