package dev.aec.runtime.train;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.Dataset;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Samples ready for the model: one row per sample, off the Java heap, plus the shape the model
 * takes. Rows are the images flattened row-major, so every documented way of feeding an image
 * (as is, without its channel, flattened) is the same memory seen through another shape.
 */
public record Examples(String name, INDArray rows, Shape sampleShape) {
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

    /** The rows at `indices`, shaped `[n, ...sampleShape]`. */
    public INDArray batch(int[] indices) {
        INDArray picked = Nd4j.pullRows(rows, 1, indices);
        return picked.reshape('c', batchShape(indices.length));
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
