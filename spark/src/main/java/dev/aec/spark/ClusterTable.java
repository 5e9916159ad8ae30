package dev.aec.spark;

import dev.aec.compiler.data.DataSource.FileSource;
import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.rows.MemoryRows;
import dev.aec.runtime.data.rows.Rows;
import dev.aec.runtime.data.source.CsvLines;
import dev.aec.runtime.data.source.Samples;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * A CSV table on a cluster's file system, read by the executors with Spark's own text reader,
 * each its share of the lines. The driver reads the first rows to learn the table's layout
 * ({@link CsvLines}); the samples are numbered in the order of their lines, as a table read here
 * numbers them, so held-out shares and the shuffle pick the same rows. The samples stay with the
 * executors ({@link #rows}); the driver fetches only those it is asked for.
 */
final class ClusterTable implements Samples {
    private final String written;
    private final CsvLines lines;
    private final ClusterRows rows;

    private ClusterTable(String written, CsvLines lines, ClusterRows rows) {
        this.written = written;
        this.lines = lines;
        this.rows = rows;
    }

    /**
     * Has the executors parse the table `source` names, in `partitions` parts at least, and keep it.
     *
     * @throws DataException when the file is missing, a folder, or its first rows, or any line,
     *     cannot be read as the table's rows
     */
    static ClusterTable read(JavaSparkContext spark, FileSource source, int partitions) throws DataException {
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
        long count;
        try {
            count = SparkTraining.job(decoded::count);
        } catch (SparkTraining.Failure e) {
            decoded.unpersist(false);
            throw new DataException(source.written(), "Spark could not read the table: " + e.getMessage(), e);
        }
        return new ClusterTable(source.written(),
                layout, ClusterRows.kept(decoded, Math.toIntExact(count), layout.width(), false, source.written()));
    }

    /** The samples, kept by the executors. */
    ClusterRows rows() {
        return rows;
    }

    /** The samples fetched into this process's memory, for a validation or test table. */
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
        return Shape.of(lines.width());
    }

    @Override
    public void read(int index, float[] into, int offset) {
        rows.read(index, into, offset);
    }

    /** The sample's place among the table's rows: `row 12`, counted from 1 without the header. */
    @Override
    public String name(int index) {
        return "row " + (index + 1);
    }

    @Override
    public String fingerprint() {
        return lines.fingerprint();
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
