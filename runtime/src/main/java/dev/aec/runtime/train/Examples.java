package dev.aec.runtime.train;

import dev.aec.compiler.model.Loss;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.rows.MemoryRows;
import dev.aec.runtime.data.rows.Rows;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Samples ready for the model: rows of floats ({@link Rows}, in memory or in a mapped file), the
 * shape the model takes, and a scaling fitted on the training samples, applied to every batch
 * handed out. Rows are the samples flattened row-major, so every documented way of feeding an
 * image (as is, without its channel, flattened) is the same memory seen through another shape.
 * With `labels` (one-hot rows, in memory) the targets are the labels, as a classifier learns;
 * without, the targets are the inputs, as an autoencoder learns. Examples may be a subset of their
 * rows (a training share, a held-out share), seen through an index map without copying the rows.
 */
public final class Examples {
    private final String name;
    private final Rows rows;
    private final Shape sampleShape;
    private final Optional<INDArray> labels;
    private final Scaling scaling;
    /** Which row example `i` is, when `mapped`; otherwise example `i` is row `i`. */
    private final int[] index;
    private final boolean mapped;

    private Examples(String name, Rows rows, Shape sampleShape, Optional<INDArray> labels, Scaling scaling,
                     int[] index, boolean mapped) {
        if (sampleShape.elements() != rows.width()) {
            throw new IllegalArgumentException("samples of " + sampleShape + " are not rows of " + rows.width());
        }
        int count = mapped ? index.length : rows.count();
        if (labels.isPresent() && labels.get().rows() != count) {
            throw new IllegalArgumentException(labels.get().rows() + " labels for " + count + " samples");
        }
        if (!scaling.isNone() && scaling.width() != rows.width()) {
            throw new IllegalArgumentException("a scaling of " + scaling.width() + " values for rows of " + rows.width());
        }
        this.name = name;
        this.rows = rows;
        this.sampleShape = sampleShape;
        this.labels = labels;
        this.scaling = scaling;
        this.index = index;
        this.mapped = mapped;
    }

    /** All of `rows`, unscaled. */
    public Examples(String name, Rows rows, Shape sampleShape, Optional<INDArray> labels) {
        this(name, rows, sampleShape, labels, Scaling.none(), new int[0], false);
    }

    /** Rows of a `[count, width]` array in memory (copied when a view). */
    public Examples(String name, INDArray rows, Shape sampleShape, Optional<INDArray> labels) {
        this(name, new MemoryRows(rows), sampleShape, labels);
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
        INDArray rows = dataset.rows();
        return new Examples(dataset.name() + "." + dataset.split().name().toLowerCase(Locale.ROOT), rows,
                modelInput, Optional.empty());
    }

    /** Examples whose targets are their labels, one-hot over `classes`. */
    public static Examples labelled(Dataset dataset, Shape modelInput, int classes) {
        Examples images = of(dataset, modelInput);
        return new Examples(images.name(), images.rows(), modelInput,
                Optional.of(oneHot(dataset.labels(), classes)));
    }

    /** The examples a model trained with `loss` learns from: labelled for a classifier. */
    public static Examples forLoss(Dataset dataset, Shape modelInput, Loss loss, int classes) {
        return loss.classifies() ? labelled(dataset, modelInput, classes) : of(dataset, modelInput);
    }

    /** `labels` as one-hot rows over `classes`. */
    public static INDArray oneHot(int[] labels, int classes) {
        float[] oneHot = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("label " + label + " of sample " + i + " is not one of "
                        + classes + " classes");
            }
            oneHot[i * classes + label] = 1f;
        }
        return Nd4j.create(oneHot, new long[] {labels.length, classes}, 'c');
    }

    /**
     * The examples `indices` (of these) pick, in that order, sharing the rows: the labels picked
     * are copied, the rows are not.
     */
    public Examples subset(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("a subset of no examples");
        }
        int[] rowsPicked = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            int k = Objects.checkIndex(indices[i], count());
            rowsPicked[i] = mapped ? index[k] : k;
        }
        return new Examples(name, rows, sampleShape, labels.map(l -> Nd4j.pullRows(l, 1, indices)), scaling,
                rowsPicked, true);
    }

    /** These examples with every batch scaled by `scaling` (in place of any earlier scaling). */
    public Examples withScaling(Scaling scaling) {
        return new Examples(name, rows, sampleShape, labels, scaling, index, mapped);
    }

    /** These examples under another name. */
    public Examples named(String name) {
        return new Examples(name, rows, sampleShape, labels, scaling, index, mapped);
    }

    public String name() {
        return name;
    }

    /** All the rows these examples read from, unscaled: more than {@link #count()} for a subset. */
    public Rows rows() {
        return rows;
    }

    public Shape sampleShape() {
        return sampleShape;
    }

    /** One-hot labels, one row per example. */
    public Optional<INDArray> labels() {
        return labels;
    }

    public Scaling scaling() {
        return scaling;
    }

    /** Which of {@link #rows()} these examples are, in order. */
    public int[] rowIndices() {
        return mapped ? index.clone() : indices(0, rows.count());
    }

    public int count() {
        return mapped ? index.length : rows.count();
    }

    /**
     * The examples at `indices`, shaped `[n, ...sampleShape]`: one memory copy per row. (ND4J's
     * `pullRows` took 2.4 ms for a batch of 100 MNIST rows, a fifth of a dense training step.)
     */
    public INDArray batch(int[] indices) {
        return batchInto(indices, Nd4j.createUninitialized(DataType.FLOAT, sampleShape.withBatch(indices.length), 'c'));
    }

    /**
     * The examples at `indices` copied into `into`, a dense array of as many samples, then scaled
     * (the trainer reuses one per batch size: ND4J frees an array's memory only when the collector
     * finds its wrapper, so a new batch per step grew resident memory by 0.5 GB over the first epochs).
     */
    public INDArray batchInto(int[] indices, INDArray into) {
        long width = rows.width();
        if (into.length() != indices.length * width || into.dataType() != DataType.FLOAT || into.offset() != 0
                || into.elementWiseStride() != 1 || into.ordering() != 'c') {
            throw new IllegalArgumentException("a batch of " + indices.length + " needs a dense array of as many samples");
        }
        rows.gather(rowsAt(indices), new BytePointer(into.data().addressPointer()));
        if (!scaling.isNone()) {
            scaling.applyInPlace(into);
        }
        return into;
    }

    /**
     * Asks the rows to bring the examples at `indices` into memory in the background, ahead of
     * their batch; their values do not change. Rows in memory have nothing to fetch, so for them
     * not even the indices are mapped.
     */
    public void prefetch(int[] indices) {
        if (prefetches()) {
            rows.prefetch(rowsAt(indices));
        }
    }

    /** Whether {@link #prefetch} can do anything: false for rows in memory, so callers need not pick indices. */
    public boolean prefetches() {
        return !(rows instanceof MemoryRows);
    }

    /** Which rows the examples at `indices` are. */
    private int[] rowsAt(int[] indices) {
        if (!mapped) {
            return indices;
        }
        int[] picked = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            picked[i] = index[Objects.checkIndex(indices[i], index.length)];
        }
        return picked;
    }

    /** What the model should output for the examples at `indices`, whose clean inputs are `inputs`. */
    public INDArray targets(int[] indices, INDArray inputs) {
        return labels.isPresent() ? Nd4j.pullRows(labels.get(), 1, indices) : inputs;
    }

    /** Examples `from` (inclusive) to `to` (exclusive), in order. */
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

    @Override
    public String toString() {
        return name + " (" + count() + " of " + sampleShape + (mapped ? ", a subset of " + rows.count() : "")
                + (scaling.isNone() ? "" : ", scaled " + scaling.kind().keyword()) + ")";
    }
}
