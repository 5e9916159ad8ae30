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

    @Test
    void aSubsetSeesItsRowsThroughAnIndexMapWithoutCopyingThem() {
        Examples examples = new Examples("t", ROWS, new Shape(List.of(12)),
                java.util.Optional.of(Examples.oneHot(new int[] {0, 1, 2, 0, 1, 2}, 3)));
        Examples subset = examples.subset(new int[] {4, 1, 5});
        assertThat(subset.count()).isEqualTo(3);
        assertThat(subset.rows()).isSameAs(examples.rows());
        assertThat(subset.batch(new int[] {0, 2})).isEqualTo(Nd4j.vstack(ROWS.getRow(4), ROWS.getRow(5)));
        assertThat(subset.labels().orElseThrow().argMax(1).toIntVector()).containsExactly(1, 1, 2);
        Examples nested = subset.subset(new int[] {2, 0});
        assertThat(nested.rowIndices()).containsExactly(5, 4);
        assertThat(nested.range(0, 2)).isEqualTo(Nd4j.vstack(ROWS.getRow(5), ROWS.getRow(4)));
        assertThat(nested.targets(new int[] {1}, nested.range(0, 1)).argMax(1).getInt(0)).isEqualTo(1);
    }

    @Test
    void anIndexOutsideASubsetIsRefusedThoughTheRowExists() {
        Examples subset = new Examples("t", ROWS, new Shape(List.of(12))).subset(new int[] {0, 1});
        assertThatThrownBy(() -> subset.batch(new int[] {2})).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> subset.subset(new int[] {5})).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
