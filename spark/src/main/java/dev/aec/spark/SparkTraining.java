package dev.aec.spark;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkException;
import org.apache.spark.TaskFailedReason;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * A connection to Spark for one `aec train --spark`: the context, started on a master (or the one
 * spark-submit gave), and the engines that train runs on it. Spark's own log is left to its
 * logger's settings; a task that fails and is retried is told through `warn` in one line, since
 * Spark recovers from it and a stack trace would only alarm.
 */
public final class SparkTraining implements AutoCloseable {
    private final JavaSparkContext spark;

    private SparkTraining(JavaSparkContext spark) {
        this.spark = spark;
    }

    /**
     * Starts Spark on `master` (`local[2]`, `spark://host:7077`, `yarn`, `k8s://...`), or on the
     * master spark-submit set when `master` is empty. On a local master Spark binds to loopback and
     * serves no web page.
     *
     * @throws IllegalArgumentException when no master is given either way, or it is not a master's URL
     * @throws Unavailable when Spark does not start on the master, or runs no task there
     */
    public static SparkTraining start(Optional<String> master, String appName, Consumer<String> warn) {
        SparkConf conf = new SparkConf().setAppName(appName);
        master.ifPresent(conf::setMaster);
        if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("no Spark master: give one, as in --spark local[2], or start aec "
                    + "with spark-submit --master MASTER");
        }
        // Kryo writes an example as its floats: the shuffle that deals the examples out every epoch
        // and the first copy to the executors move the whole training set.
        conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
        conf.setIfMissing("spark.kryo.registrator", KryoClasses.class.getName());
        conf.setIfMissing("spark.hadoop.fs.file.impl", LocalFiles.class.getName());
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        JavaSparkContext spark;
        try {
            spark = new JavaSparkContext(conf);
        } catch (Exception e) {
            // Spark's own exceptions are checked in Scala's eyes only: Java sees none declared.
            if (String.valueOf(e.getMessage()).startsWith("Could not parse Master URL")) {
                throw new IllegalArgumentException("`" + conf.get("spark.master") + "` is not a Spark master; give "
                        + "local[N], spark://HOST:PORT, yarn or k8s://https://HOST:PORT");
            }
            throw new Unavailable("Spark did not start on " + conf.get("spark.master") + ": " + firstLine(e.getMessage()));
        }
        try {
            // A master that is not there is found out here, before the run writes anything; the
            // context itself starts without it (a standalone cluster's is looked for in the background).
            spark.parallelize(java.util.List.of(1), 1).count();
        } catch (Exception e) {
            // Spark stops the context itself when no master answers its registration.
            boolean unanswered = spark.sc().isStopped();
            spark.stop();
            throw new Unavailable("Spark on " + conf.get("spark.master") + " ran no task: " + (unanswered
                    ? "no master answered, and Spark gave up after its retries" : firstLine(e.getMessage())));
        }
        spark.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.reason() instanceof TaskFailedReason failed) {
                    warn.accept(String.format(Locale.ROOT, "a task of worker %d failed on attempt %d (%s); "
                                    + "Spark runs it again", end.taskInfo().partitionId() + 1,
                            end.taskInfo().attemptNumber() + 1, firstLine(failed.toErrorString())));
                }
            }
        });
        return new SparkTraining(spark);
    }

    /** The master Spark runs on. */
    public String master() {
        return spark.master();
    }

    /** How many workers to use when not told: Spark's default parallelism (N for `local[N]`). */
    public int defaultWorkers() {
        return spark.defaultParallelism();
    }

    /**
     * How a run on this Spark reads its data: files on a cluster's file systems through Spark's
     * readers, the rest through `here`, as a local run would.
     */
    public dev.aec.runtime.run.RunData.Access access(dev.aec.runtime.run.RunData.Access here) {
        // Four reading tasks per core: shares even out, and the progress moves as each ends.
        return new ClusterAccess(here, spark, 4 * spark.defaultParallelism());
    }

    /** An engine training `recipe`'s run on this Spark; close it when the run ends. */
    public SparkEngine engine(ModelRecipe recipe, SparkSettings settings) {
        return new SparkEngine(spark, recipe, settings);
    }

    /** Spark did not start on the master, or the master ran no task; the message says which and why. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    /** Spark gave up on a round's job; the message is Spark's reason, in one line. */
    public static final class Failure extends RuntimeException {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * What went wrong, in one line, when `failure` is Spark giving up on a job (a task failed on
     * every attempt, an executor was lost for good, the context stopped); empty for anything else.
     */
    public static Optional<String> sparkFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Failure || t instanceof SparkException) {
                return Optional.of(firstLine(t.getMessage()));
            }
        }
        return Optional.empty();
    }

    /** Runs a job of a round, its failures turned into one {@link Failure}. */
    static <T> T job(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (Exception e) {
            throw new Failure(firstLine(e.getMessage()), e);
        }
    }

    static String firstLine(String text) {
        if (text == null) {
            return "no reason given";
        }
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    @Override
    public void close() {
        spark.stop();
    }
}
