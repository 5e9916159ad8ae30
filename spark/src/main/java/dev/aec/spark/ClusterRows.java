package dev.aec.spark;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.rows.Rows;
import dev.aec.runtime.data.rows.SampleCache;
import dev.aec.runtime.data.source.SharedImageFolder;
import dev.aec.runtime.train.Scaling;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.storage.StorageLevel;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import scala.Tuple2;

/**
 * The training samples of a source on a cluster's file system, decoded by the executors and kept
 * in their memory, so no machine reads the whole source: a folder of images, each executor
 * reading its share of the files through Spark's Hadoop input ({@link WholeFiles}), or a file of
 * samples, each its share of a table's lines or an array's records ({@link ClusterSamples}). The
 * driver fetches only the samples
 * it is asked for (a held-out share for validation or the test, a picture's few), from the
 * executors: one job for each batch it gathers, or one for a whole pass it announces
 * ({@link #prefetch}).
 */
final class ClusterRows implements Rows {
    private final JavaRDD<Decoded> decoded;
    private final List<Skipped> skipped;
    private final int count;
    private final int width;
    /** The rows fetched here, kept: a held-out share is read again every epoch. */
    private final Map<Integer, float[]> readHere = new ConcurrentHashMap<>();

    /** One sample as an executor decoded it: its values, or why it could not be read. */
    record Decoded(int index, float[] values, String subject, String problem, String help) implements Serializable {
        static Decoded of(int index, float[] values) {
            return new Decoded(index, values, null, null, null);
        }

        static Decoded failed(int index, DataException e) {
            return new Decoded(index, null, e.subject(), e.problem(), e.help().orElse(null));
        }

        Decoded at(int newIndex) {
            return new Decoded(newIndex, values, subject, problem, help);
        }

        boolean ok() {
            return values != null;
        }

        DataException failure() {
            return help == null ? new DataException(subject, problem) : DataException.withHelp(subject, problem, help);
        }
    }

    private ClusterRows(JavaRDD<Decoded> decoded, int count, int width, List<Skipped> skipped) {
        this.decoded = decoded;
        this.count = count;
        this.width = width;
        this.skipped = List.copyOf(skipped);
    }

    /**
     * How many samples `decoded` holds, which has Spark read them (and keep them, when persisted).
     *
     * @throws DataException naming `source` when Spark gives up on the job
     */
    static long count(JavaRDD<Decoded> decoded, String source) throws DataException {
        return count(decoded, source, -1, SampleCache.Progress.NONE);
    }

    /**
     * {@link #count(JavaRDD, String)}, telling `progress` how many of the `total` samples the
     * finished tasks read, as each finishes.
     */
    static long count(JavaRDD<Decoded> decoded, String source, long total, SampleCache.Progress progress)
            throws DataException {
        org.apache.spark.SparkContext context = decoded.context();
        AtomicLong read = new AtomicLong();
        AtomicBoolean counting = new AtomicBoolean(true);
        SparkListener tasks = new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskMetrics() != null && total > 0) {
                    long done = read.addAndGet(end.taskMetrics().inputMetrics().recordsRead());
                    if (counting.get()) {
                        progress.decoded(Math.min(done, total), total);
                    }
                }
            }
        };
        context.addSparkListener(tasks);
        try {
            return SparkTraining.job(decoded::count);
        } catch (SparkTraining.Failure e) {
            decoded.unpersist(false);
            throw new DataException(source, "Spark could not read it: " + e.getMessage(), e);
        } finally {
            counting.set(false);
            context.removeSparkListener(tasks);
        }
    }

    /**
     * Keeps the `count` samples `decoded` (persisted, every index from 0 to `count` there once)
     * holds, once it is checked that, unless `skipUnreadable`, none failed.
     *
     * @throws DataException for the first sample that failed, or when Spark could not run the job
     */
    static ClusterRows kept(JavaRDD<Decoded> decoded, int count, int width, boolean skipUnreadable, String source)
            throws DataException {
        List<Decoded> failed;
        try {
            failed = new ArrayList<>(SparkTraining.job(() -> decoded.filter(d -> !d.ok()).collect()));
        } catch (SparkTraining.Failure e) {
            decoded.unpersist(false);
            throw new DataException(source, "Spark could not read it: " + e.getMessage(), e);
        }
        failed.sort(Comparator.comparingInt(Decoded::index));
        if (!failed.isEmpty() && !skipUnreadable) {
            decoded.unpersist(false);
            throw failed.get(0).failure();
        }
        List<Skipped> skipped = new ArrayList<>();
        for (Decoded d : failed) {
            skipped.add(new Skipped(d.index(), d.problem()));
        }
        return new ClusterRows(decoded, count, width, skipped);
    }

    /**
     * Has the executors read and decode every image of `folder` (on `files`), in about
     * `partitions` parts of equal bytes, and keep them.
     *
     * @throws DataException when an image cannot be decoded (without `skip_bad`) or Spark's reader
     *     did not find every listed image
     */
    static ClusterRows images(JavaSparkContext spark, HadoopFiles files, SharedImageFolder folder, int partitions,
                              SampleCache.Progress progress)
            throws DataException {
        HashMap<String, Integer> indexOf = new HashMap<>();
        List<String> relative = folder.relativePaths();
        for (int i = 0; i < relative.size(); i++) {
            indexOf.put(relative.get(i), i);
        }
        Broadcast<HashMap<String, Integer>> index = spark.broadcast(indexOf);
        String prefix = pathOf(files.qualifiedRoot()) + "/";
        SharedImageFolder.Decoding decoding = folder.decoding();
        org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(spark.hadoopConfiguration());
        WholeFiles.configure(conf, folder.bytes() / partitions + 1);
        JavaRDD<Decoded> decoded = spark.newAPIHadoopFile(files.qualifiedRoot(), WholeFiles.class, Text.class,
                BytesWritable.class, conf).mapPartitions(
                (Iterator<Tuple2<Text, BytesWritable>> found) -> {
                    List<Decoded> out = new ArrayList<>();
                    while (found.hasNext()) {
                        Tuple2<Text, BytesWritable> file = found.next();
                        String path = pathOf(file._1().toString());
                        Integer i = path.startsWith(prefix) ? index.value().get(path.substring(prefix.length())) : null;
                        if (i == null) {
                            continue;  // not an image aec lists (a text file beside them)
                        }
                        try {
                            out.add(Decoded.of(i, decoding.sample(path.substring(prefix.length()), file._2().copyBytes())));
                        } catch (DataException e) {
                            out.add(Decoded.failed(i, e));
                        }
                    }
                    return out.iterator();
                }).persist(StorageLevel.MEMORY_AND_DISK());
        long found = count(decoded, folder.toString(), folder.count(), progress);
        if (found != folder.count()) {
            DataException missing = missing(folder, decoded);
            decoded.unpersist(false);
            throw missing;
        }
        return kept(decoded, folder.count(), folder.width(), folder.skipsUnreadable(), folder.toString());
    }

    /** The path part of a Hadoop path's URI: `/data/train/a.png` of `hdfs://nn:8020/data/train/a.png`. */
    private static String pathOf(String hadoopPath) {
        String path = new org.apache.hadoop.fs.Path(hadoopPath).toUri().getPath();
        return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
    }

    private static DataException missing(SharedImageFolder folder, JavaRDD<Decoded> decoded) {
        BitSet seen = new BitSet(folder.count());
        for (Integer i : decoded.map(Decoded::index).collect()) {
            seen.set(i);
        }
        List<String> names = new ArrayList<>();
        for (int i = seen.nextClearBit(0); i < folder.count() && names.size() < 5; i = seen.nextClearBit(i + 1)) {
            names.add("`" + folder.name(i) + "`");
        }
        int missing = folder.count() - seen.cardinality();
        return DataException.withHelp(folder.toString(), "Spark's reader did not find " + missing + " of the "
                        + folder.count() + " images listed: " + String.join(", ", names) + (missing > 5 ? ", ..." : ""),
                "Hadoop leaves out files whose names start with `_`; rename them, or check that no one is changing "
                        + "the folder");
    }

    /** The decoded samples by index, kept on the executors. */
    JavaPairRDD<Integer, float[]> samples() {
        return decoded.filter(Decoded::ok).mapToPair(d -> new Tuple2<>(d.index(), d.values()));
    }

    /**
     * Fits `kind` on the rows at `indices` where they are: each executor fits its share, and the
     * parts are merged in a tree.
     */
    Scaling fit(Scaling.Kind kind, int[] indices) {
        if (kind == Scaling.Kind.NONE) {
            return Scaling.none();
        }
        BitSet wanted = new BitSet(count);
        for (int i : indices) {
            wanted.set(Objects.checkIndex(i, count));
        }
        Broadcast<BitSet> picked = JavaSparkContext.fromSparkContext(decoded.context()).broadcast(wanted);
        int w = width;
        try {
            return SparkTraining.job(() -> decoded.filter(d -> d.ok() && picked.value().get(d.index()))
                    .treeAggregate(new Scaling.Accumulator(kind, w), (fit, d) -> fit.add(d.index(), d.values()),
                            Scaling.Accumulator::merge)).scaling();
        } finally {
            picked.destroy();
        }
    }

    /** How many rows the driver has fetched. */
    int readHere() {
        return readHere.size();
    }

    @Override
    public int count() {
        return count;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public List<Skipped> skipped() {
        return skipped;
    }

    @Override
    public void gather(int[] indices, BytePointer to) {
        fetch(indices);
        FloatPointer floats = new FloatPointer(to);
        for (int k = 0; k < indices.length; k++) {
            floats.position((long) k * width).put(readHere.get(indices[k]), 0, width);
        }
    }

    /** Fetches the rows not fetched yet now, in one job: the driver is about to read them all (a validation pass). */
    @Override
    public void prefetch(int[] indices) {
        fetch(indices);
    }

    @Override
    public void read(int index, float[] into, int offset) {
        fetch(new int[] {index});
        System.arraycopy(readHere.get(index), 0, into, offset, width);
    }

    /** Brings the rows at `indices` not fetched yet from the executors, in one job. */
    private void fetch(int[] indices) {
        BitSet wanted = new BitSet(count);
        for (int i : indices) {
            if (!readHere.containsKey(Objects.checkIndex(i, count))) {
                wanted.set(i);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        Broadcast<BitSet> picked = JavaSparkContext.fromSparkContext(decoded.context()).broadcast(wanted);
        try {
            for (Decoded d : SparkTraining.job(() -> decoded.filter(d -> d.ok() && picked.value().get(d.index()))
                    .collect())) {
                readHere.put(d.index(), d.values());
            }
        } finally {
            picked.destroy();
        }
        for (int i = wanted.nextSetBit(0); i >= 0; i = wanted.nextSetBit(i + 1)) {
            if (!readHere.containsKey(i)) {
                throw new IllegalStateException("sample " + i + " is not among the samples kept on the cluster");
            }
        }
    }

    @Override
    public void close() {
        decoded.unpersist(false);
        readHere.clear();
    }
}
