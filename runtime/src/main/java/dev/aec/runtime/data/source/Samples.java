package dev.aec.runtime.data.source;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import java.util.List;
import java.util.OptionalInt;

/**
 * The samples of one opened data source, read on demand, in the source's stable order. Values
 * come out as the format reads them, pixels already in [0, 1]; fitted scaling (minmax, standard)
 * is applied later, by whoever knows the training split.
 *
 * <p>{@link #read} may be called from several threads at once: image folders are decoded in
 * parallel.
 */
public interface Samples extends AutoCloseable {
    /**
     * How many samples the source holds (after leaving out those found unreadable on opening, when
     * asked to; more may fail when read, see {@link #skipsUnreadable()}).
     */
    int count();

    /** The shape of one sample, as the model's input is written: `28x28x1`, `64`. */
    Shape sampleShape();

    /** Number of floats in one sample. */
    default int width() {
        return (int) sampleShape().elements();
    }

    /** Copies sample `index` into `into` from `offset`: {@link #width()} floats, row-major. */
    void read(int index, float[] into, int offset) throws DataException;

    /** What a user calls sample `index`: its file, relative to the folder, or `row 12` of a table. */
    String name(int index);

    /** The class of sample `index` (an image folder's first-level sub-folder), when labelled; none by default. */
    default OptionalInt label(int index) {
        return OptionalInt.empty();
    }

    /** The class names, in label order; empty when the source is unlabelled, as by default. */
    default List<String> classes() {
        return List.of();
    }

    /** The samples left out because they could not be read (`skip_bad: true`), each with why; none by default. */
    default List<String> skipped() {
        return List.of();
    }

    /**
     * Whether a sample that fails to {@link #read} is to be skipped rather than stop the reading
     * (`skip_bad: true`): whoever decodes the samples then keeps a row of zeros in its place and
     * says which rows they are ({@link dev.aec.runtime.data.rows.Rows#skipped()}). Not by default.
     */
    default boolean skipsUnreadable() {
        return false;
    }

    /**
     * What identifies this data for a cache of decoded samples: the files (paths, sizes,
     * modification times) and every option that changes the values read. Equal fingerprints mean
     * equal samples.
     */
    String fingerprint();

    /** Whether reading everything at once is cheap (the values are already in memory or one file). */
    boolean cheapToRead();

    @Override
    void close();
}
