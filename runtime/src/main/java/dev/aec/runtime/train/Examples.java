package dev.aec.runtime.train;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.Dataset;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Samples ready for the model: one row per sample, off the Java heap, plus the shape the model
 * takes. Rows are the images flattened row-major, so every documented way of feeding an image
 * (as is, without its channel, flattened) is the same memory seen through another shape.
 */
public record Examples(String name, INDArray rows, Shape sampleShape) {
    public Examples {
        // `batch` copies rows straight out of the buffer: it must be this array's own, in order.
        if (rows.isView() || rows.ordering() != 'c') {
            rows = rows.dup('c');
        }
    }

    public static Examples of(Dataset dataset, Shape modelInput) {
        long width = (long) dataset.shape().height() * dataset.shape().width() * dataset.shape().channels();
        if (modelInput.elements() != width) {
            throw new IllegalArgumentException("model input " + modelInput + " does not take " + dataset.shape());
        }
        INDArray rows = Nd4j.create(dataset.images(), new long[] {dataset.count(), width}, 'c');
        return new Examples(dataset.name() + "." + dataset.split().name().toLowerCase(java.util.Locale.ROOT), rows,
                modelInput);
    }

    public int count() {
        return rows.rows();
    }

    /**
     * The rows at `indices`, shaped `[n, ...sampleShape]`: one memory copy per row. (ND4J's
     * `pullRows` took 2.4 ms for a batch of 100 MNIST rows, a fifth of a dense training step.)
     */
    public INDArray batch(int[] indices) {
        long width = rows.columns();
        long bytes = width * rows.data().getElementSize();
        INDArray picked = Nd4j.createUninitialized(rows.dataType(), batchShape(indices.length), 'c');
        BytePointer to = new BytePointer(picked.data().addressPointer());
        BytePointer from = new BytePointer(rows.data().addressPointer());
        for (int i = 0; i < indices.length; i++) {
            Objects.checkIndex(indices[i], rows.rows());
            Pointer.memcpy(to.position(i * bytes), from.position(indices[i] * bytes), bytes);
        }
        return picked;
    }

    /** Rows `from` (inclusive) to `to` (exclusive), in order. */
    public INDArray range(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return batch(indices);
    }

    long[] batchShape(int n) {
        long[] dims = new long[sampleShape.rank() + 1];
        dims[0] = n;
        for (int i = 0; i < sampleShape.rank(); i++) {
            dims[i + 1] = sampleShape.dim(i);
        }
        return dims;
    }
}
