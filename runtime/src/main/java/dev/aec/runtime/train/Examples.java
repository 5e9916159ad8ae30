package dev.aec.runtime.train;

import dev.aec.compiler.model.Loss;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.Dataset;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Samples ready for the model: one row per sample, off the Java heap, plus the shape the model
 * takes. Rows are the images flattened row-major, so every documented way of feeding an image
 * (as is, without its channel, flattened) is the same memory seen through another shape. With
 * `labels` (one-hot rows) the targets are the labels, as a classifier learns; without, the targets
 * are the inputs, as an autoencoder learns.
 */
public record Examples(String name, INDArray rows, Shape sampleShape, Optional<INDArray> labels) {
    public Examples {
        // `batch` copies rows straight out of the buffer: it must be this array's own, in order.
        if (rows.isView() || rows.ordering() != 'c') {
            rows = rows.dup('c');
        }
    }

    /** Rows whose targets are the rows themselves. */
    public Examples(String name, INDArray rows, Shape sampleShape) {
        this(name, rows, sampleShape, Optional.empty());
    }

    /** Examples whose targets are their inputs. */
    public static Examples of(Dataset dataset, Shape modelInput) {
        long width = (long) dataset.shape().height() * dataset.shape().width() * dataset.shape().channels();
        if (modelInput.elements() != width) {
            throw new IllegalArgumentException("model input " + modelInput + " does not take " + dataset.shape());
        }
        INDArray rows = Nd4j.create(dataset.images(), new long[] {dataset.count(), width}, 'c');
        return new Examples(dataset.name() + "." + dataset.split().name().toLowerCase(Locale.ROOT), rows,
                modelInput, Optional.empty());
    }

    /** Examples whose targets are their labels, one-hot over `classes`. */
    public static Examples labelled(Dataset dataset, Shape modelInput, int classes) {
        Examples images = of(dataset, modelInput);
        float[] oneHot = new float[dataset.count() * classes];
        for (int i = 0; i < dataset.count(); i++) {
            int label = dataset.label(i);
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of sample " + i + " is not one of "
                        + classes + " classes");
            }
            oneHot[i * classes + label] = 1f;
        }
        return new Examples(images.name(), images.rows(), modelInput,
                Optional.of(Nd4j.create(oneHot, new long[] {dataset.count(), classes}, 'c')));
    }

    /** The examples a model trained with `loss` learns from: labelled for a classifier. */
    public static Examples forLoss(Dataset dataset, Shape modelInput, Loss loss, int classes) {
        return loss.classifies() ? labelled(dataset, modelInput, classes) : of(dataset, modelInput);
    }

    public int count() {
        return rows.rows();
    }

    /**
     * The rows at `indices`, shaped `[n, ...sampleShape]`: one memory copy per row. (ND4J's
     * `pullRows` took 2.4 ms for a batch of 100 MNIST rows, a fifth of a dense training step.)
     */
    public INDArray batch(int[] indices) {
        return batchInto(indices, Nd4j.createUninitialized(rows.dataType(), sampleShape.withBatch(indices.length), 'c'));
    }

    /**
     * The rows at `indices` copied into `into`, a dense array of as many samples (the trainer reuses
     * one per batch size: ND4J frees an array's memory only when the collector finds its wrapper, so
     * a new batch per step grew resident memory by 0.5 GB over the first epochs).
     */
    public INDArray batchInto(int[] indices, INDArray into) {
        long width = rows.columns();
        long bytes = width * rows.data().getElementSize();
        if (into.length() != indices.length * width || into.dataType() != rows.dataType() || into.offset() != 0
                || into.elementWiseStride() != 1 || into.ordering() != 'c') {
            throw new IllegalArgumentException("a batch of " + indices.length + " needs a dense array of as many samples");
        }
        BytePointer to = new BytePointer(into.data().addressPointer());
        BytePointer from = new BytePointer(rows.data().addressPointer());
        for (int i = 0; i < indices.length; i++) {
            Objects.checkIndex(indices[i], rows.rows());
            Pointer.memcpy(to.position(i * bytes), from.position(indices[i] * bytes), bytes);
        }
        return into;
    }

    /** What the model should output for the rows at `indices`, whose clean inputs are `inputs`. */
    public INDArray targets(int[] indices, INDArray inputs) {
        return labels.isPresent() ? Nd4j.pullRows(labels.get(), 1, indices) : inputs;
    }

    /** Rows `from` (inclusive) to `to` (exclusive), in order. */
    public INDArray range(int from, int to) {
        return batch(indices(from, to));
    }

    static int[] indices(int from, int to) {
        int[] indices = new int[to - from];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = from + i;
        }
        return indices;
    }
}
