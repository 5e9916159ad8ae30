package dev.aec.spark;

import dev.aec.compiler.data.DataSource.FileSource;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.rows.MemoryRows;
import dev.aec.runtime.data.rows.Rows;
import dev.aec.runtime.data.rows.SampleCache;
import dev.aec.runtime.data.source.CsvLines;
import dev.aec.runtime.data.source.DenseRecords;
import dev.aec.runtime.data.source.Samples;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A file of samples on a cluster's file system, read by the executors, each its share, and kept
 * in their memory ({@link #rows}): a CSV table, by Spark's own text reader, or a plain `.npy` or
 * IDX file, by ranges of records ({@link FixedRecords}). The driver reads only the file's first
 * bytes (a table's first rows, an array's header) to learn its layout; the samples are numbered
 * as a local read numbers them (rows by line, records by position), so held-out shares and the
 * shuffle pick the same samples. The driver fetches only the samples it is asked for.
 */
final class ClusterSamples implements Samples {
    private final String written;
    private final Shape sampleShape;
    private final String fingerprint;
    /** What a user calls sample `index`. */
    private final IntFunction<String> names;
    private final ClusterRows rows;

    private ClusterSamples(String written, Shape sampleShape, String fingerprint, IntFunction<String> names,
                           ClusterRows rows) {
        this.written = written;
        this.sampleShape = sampleShape;
        this.fingerprint = fingerprint;
        this.names = names;
        this.rows = rows;
    }

    /** Whether the file `source` names starts as a zip archive (`.npz`) or a gzip stream does. */
    static boolean compressed(JavaSparkContext spark, FileSource source) throws DataException {
        HadoopFiles file = new HadoopFiles(source.written(), source.location(), spark.hadoopConfiguration());
        if (file.status().folder()) {
            return false;
        }
        try (java.io.InputStream in = file.open()) {
            int first = in.read();
            int second = in.read();
            return first == 'P' && second == 'K' || first == 0x1f && second == 0x8b;
        } catch (java.io.IOException e) {
            throw new DataException(source.written(), "cannot read it: " + SparkTraining.firstLine(e.getMessage()), e);
        }
    }

    /**
     * Has the executors read the plain `.npy` (or, with `idx`, IDX) file `source` names, in
     * `partitions` ranges of records, and keep it.
     *
     * @throws DataException when the file is missing, compressed, not what its format expects, or
     *     holds a value that is not finite
     */
    static ClusterSamples records(JavaSparkContext spark, FileSource source, boolean idx, int partitions,
                                  SampleCache.Progress progress) throws DataException {
        HadoopFiles file = new HadoopFiles(source.written(), source.location(), spark.hadoopConfiguration());
        HadoopFiles.Status status = file.status();
        if (status.folder()) {
            throw DataException.withHelp(source.written(), "a folder: `" + source.format().keyword()
                    + "(...)` reads one file", "name the file");
        }
        DenseRecords records = idx
                ? DenseRecords.idx(source.written(), file.open(), status.size(), status.modifiedMillis(), source.scale())
                : DenseRecords.npy(source.written(), file.open(), status.size(), status.modifiedMillis(), source.scale());
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(spark.hadoopConfiguration());
        FixedRecords.configure(conf, records, partitions);
        JavaRDD<ClusterRows.Decoded> decoded = spark.newAPIHadoopFile(file.qualifiedRoot(), FixedRecords.class,
                        org.apache.hadoop.io.IntWritable.class, org.apache.hadoop.io.BytesWritable.class, conf)
                .map(record -> {
                    int index = record._1().get();
                    try {
                        return ClusterRows.Decoded.of(index, records.sample(index, record._2().getBytes(), 0));
                    } catch (DataException e) {
                        return ClusterRows.Decoded.failed(index, e);
                    }
                })
                .persist(StorageLevel.MEMORY_AND_DISK());
        long count = ClusterRows.count(decoded, source.written(), records.count(), progress);
        if (count != records.count()) {
            decoded.unpersist(false);
            throw new IllegalStateException(count + " records read of " + records.count());
        }
        Shape shape = records.sampleShape();
        // An array's samples are named as NumPy indexes them, from 0.
        return new ClusterSamples(source.written(), shape, records.fingerprint(), index -> "sample " + index,
                ClusterRows.kept(decoded, records.count(), (int) shape.elements(), false, source.written()));
    }

    /**
     * Has the executors parse the table `source` names, in `partitions` parts at least, and keep it.
     *
     * @throws DataException when the file is missing, a folder, or its first rows, or any line,
     *     cannot be read as the table's rows
     */
    static ClusterSamples table(JavaSparkContext spark, FileSource source, int partitions) throws DataException {
        HadoopFiles file = new HadoopFiles(source.written(), source.location(), spark.hadoopConfiguration());
        HadoopFiles.Status status = file.status();
        if (status.folder()) {
            throw DataException.withHelp(source.written(), "a folder: `csv(...)` reads one table",
                    "name the table's file");
        }
        CsvLines layout = CsvLines.of(source.written(), file.open(), source.header(), source.columns(), source.scale(),
                status.size(), status.modifiedMillis());
        long header = layout.headerLine().orElse(-1);
        JavaRDD<ClusterRows.Decoded> decoded = spark.textFile(file.qualifiedRoot(), partitions).zipWithIndex()
                .flatMapToPair(numbered -> {
                    long line = numbered._2() + 1;
                    if (line == header) {
                        return Collections.emptyIterator();
                    }
                    ClusterRows.Decoded parsed;
                    try {
                        var sample = layout.sample(numbered._1(), line);
                        if (sample.isEmpty()) {
                            return Collections.emptyIterator();
                        }
                        parsed = ClusterRows.Decoded.of(-1, sample.get());
                    } catch (DataException e) {
                        parsed = ClusterRows.Decoded.failed(-1, e);
                    }
                    return List.of(new Tuple2<>(line, parsed)).iterator();
                })
                .sortByKey(true, partitions)
                .values()
                .zipWithIndex()
                .map(numbered -> numbered._1().at(Math.toIntExact(numbered._2())))
                .persist(StorageLevel.MEMORY_AND_DISK());
        long count = ClusterRows.count(decoded, source.written());
        // A table's rows are counted from 1 without the header, as a spreadsheet shows them.
        return new ClusterSamples(source.written(), Shape.of(layout.width()), layout.fingerprint(),
                index -> "row " + (index + 1),
                ClusterRows.kept(decoded, Math.toIntExact(count), layout.width(), false, source.written()));
    }

    /** The samples, kept by the executors. */
    ClusterRows rows() {
        return rows;
    }

    /** The samples fetched into this process's memory, for a validation or test source. */
    Rows collected() {
        int count = rows.count();
        float[] values = new float[count * rows.width()];
        int[] all = new int[count];
        java.util.Arrays.setAll(all, i -> i);
        rows.gather(all, new org.bytedeco.javacpp.FloatPointer(values).getPointer(org.bytedeco.javacpp.BytePointer.class));
        return MemoryRows.of(values, count, rows.width());
    }

    @Override
    public int count() {
        return rows.count();
    }

    @Override
    public Shape sampleShape() {
        return sampleShape;
    }

    @Override
    public void read(int index, float[] into, int offset) {
        rows.read(index, into, offset);
    }

    /** The sample's place in the file: `row 12` of a table, `sample 11` of an array. */
    @Override
    public String name(int index) {
        return names.apply(index);
    }

    @Override
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public boolean cheapToRead() {
        return false;
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return written;
    }
}
