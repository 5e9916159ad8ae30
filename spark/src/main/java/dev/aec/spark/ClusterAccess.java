package dev.aec.spark;

import dev.aec.compiler.data.DataSource.FileSource;
import dev.aec.compiler.data.DataSource.Format;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.DatasetLocation;
import dev.aec.runtime.data.rows.Rows;
import dev.aec.runtime.data.rows.SampleCache;
import dev.aec.runtime.data.source.Samples;
import dev.aec.runtime.data.source.SharedImageFolder;
import dev.aec.runtime.run.RunData;
import dev.aec.runtime.train.Scaling;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How a Spark run reads its data. A source whose path is written as a URI
 * (`hdfs://namenode/digits/train`, `file:///shared/digits/train`) is on a file system every
 * machine of the cluster reads: the driver only lists the folder or reads the file's first bytes,
 * and the executors decode the training samples and keep them ({@link ClusterRows}). A validation
 * or test source there is read by the driver, through Hadoop (or, as a file, by the executors and
 * fetched). Everything else (named datasets, plain paths on this machine) is read here, as a
 * local run reads it, and shipped to the executors.
 */
final class ClusterAccess implements RunData.Access {
    private final RunData.Access here;
    private final JavaSparkContext spark;
    private final int partitions;

    ClusterAccess(RunData.Access here, JavaSparkContext spark, int partitions) {
        this.here = here;
        this.spark = spark;
        this.partitions = partitions;
    }

    @Override
    public DatasetLocation locate(String dataset) throws DataException {
        return here.locate(dataset);
    }

    @Override
    public Path cacheRoot() {
        return here.cacheRoot();
    }

    @Override
    public long cacheMaxBytes() throws DataException {
        return here.cacheMaxBytes();
    }

    @Override
    public SampleCache.Progress decoding(String what) {
        return here.decoding(what);
    }

    @Override
    public Samples open(String role, FileSource source) throws DataException {
        if (!source.shared()) {
            return here.open(role, source);
        }
        return switch (source.format()) {
            case IMAGES -> SharedImageFolder.open(new HadoopFiles(source.written(), source.location(),
                    spark.hadoopConfiguration()), source.size().orElseThrow(), source.resize(), source.skipBad());
            // The training source is read by the executors; another on this machine is read here.
            case CSV -> role.equals("data") || !source.local() ? ClusterSamples.table(spark, source, partitions)
                    : here.open(role, source);
            // A compressed array cannot be read by position: one on this machine is read here whole.
            case NPY, IDX -> (role.equals("data") || !source.local())
                    && !(source.local() && ClusterSamples.compressed(spark, source))
                    ? ClusterSamples.records(spark, source, source.format() == Format.IDX, partitions,
                            here.decoding(source.written()))
                    : here.open(role, source);
        };
    }

    @Override
    public Rows rows(String role, FileSource source, Samples samples, BooleanSupplier stop)
            throws DataException, InterruptedException {
        if (samples instanceof ClusterSamples file) {
            return role.equals("data") ? file.rows() : file.collected();
        }
        if (role.equals("data") && samples instanceof SharedImageFolder folder) {
            return ClusterRows.images(spark, new HadoopFiles(source.written(), source.location(),
                    spark.hadoopConfiguration()), folder, partitions, here.decoding(source.written()));
        }
        return here.rows(role, source, samples, stop);
    }

    @Override
    public Scaling fit(Scaling.Kind kind, Rows rows, int[] indices) {
        return rows instanceof ClusterRows cluster ? cluster.fit(kind, indices) : here.fit(kind, rows, indices);
    }
}
