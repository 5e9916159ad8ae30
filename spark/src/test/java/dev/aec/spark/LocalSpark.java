package dev.aec.spark;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** Spark's local mode for tests: a context on loopback without its web page, and quiet expected failures. */
final class LocalSpark {
    private LocalSpark() {
    }

    /** A context on `master` (`local[2]`, `local[2,2]` for two attempts per task) keeping its files in `localDir`. */
    static JavaSparkContext start(String master, Path localDir) {
        SparkConf conf = new SparkConf()
                .setMaster(master)
                .setAppName("aec-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "2")
                .set("spark.local.dir", localDir.toString());
        return new JavaSparkContext(conf);
    }

    /**
     * Runs work whose failed task attempt is expected: the executor logs every failed task at ERROR
     * with its stack trace, which here would only be noise. The work ends after the failed attempt
     * has logged, so the level is back before anything else runs.
     */
    static <T> T expectingFailedTasks(Callable<T> work) throws Exception {
        String executor = "org.apache.spark.executor.Executor";
        Level level = LogManager.getLogger(executor).getLevel();
        Configurator.setLevel(executor, Level.OFF);
        try {
            return work.call();
        } finally {
            Configurator.setLevel(executor, level);
        }
    }
}
