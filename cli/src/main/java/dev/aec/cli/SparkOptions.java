package dev.aec.cli;

import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.run.RunData;
import dev.aec.runtime.run.RunRecord;
import dev.aec.runtime.run.RunSources;
import dev.aec.runtime.run.TrainingRun;
import dev.aec.spark.ModelRecipe;
import dev.aec.spark.SparkClassPath;
import dev.aec.spark.SparkEngine;
import dev.aec.spark.SparkSettings;
import dev.aec.spark.SparkTraining;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * `aec train`'s flags for training on Apache Spark, and the engine they start. Without `--spark`
 * a run trains here, and the other flags are refused.
 */
final class SparkOptions {
    @Option(names = "--spark", paramLabel = "MASTER", arity = "0..1", fallbackValue = "",
            description = "Train on Apache Spark, by averaging the weights of workers that share each batch: "
                    + "local[N] on this machine, spark://HOST:7077, yarn, k8s://https://HOST:PORT. Without MASTER, "
                    + "the one spark-submit gives. The run directory is written here, as for any run.")
    String master;

    @Option(names = "--workers", paramLabel = "N",
            description = "With --spark: how many workers share each batch (at most the batch size). "
                    + "Default: Spark's parallelism (N for local[N]); a resumed run's own.")
    Integer workers;

    @Option(names = "--sync-every", paramLabel = "N",
            description = "With --spark: how many batches each worker trains between two averagings. 1 follows the "
                    + "local run most closely; more sends the weights less often. Default: "
                    + SparkSettings.DEFAULT_SYNC_EVERY + "; a resumed run's own.")
    Integer syncEvery;

    @Option(names = "--no-average-optimizer",
            description = "With --spark: keep the first worker's optimizer state at each averaging instead of "
                    + "averaging it like the weights.")
    boolean keepFirstOptimizer;

    /** A flag that needs `--spark` without it, or a value out of range; empty when the flags fit. */
    Optional<String> problem() {
        if (master == null) {
            if (workers != null) {
                return Optional.of("--workers needs --spark MASTER");
            }
            if (syncEvery != null) {
                return Optional.of("--sync-every needs --spark MASTER");
            }
            if (keepFirstOptimizer) {
                return Optional.of("--no-average-optimizer needs --spark MASTER");
            }
            return Optional.empty();
        }
        if (master.endsWith(".aemodel")) {
            return Optional.of("--spark took `" + master + "` as its master; put the model file before --spark, or "
                    + "give the master: --spark 'local[2]'");
        }
        if (workers != null && workers < 1) {
            return Optional.of("--workers must be at least 1, not " + workers);
        }
        if (syncEvery != null && syncEvery < 1) {
            return Optional.of("--sync-every must be at least 1, not " + syncEvery);
        }
        return Optional.empty();
    }

    boolean requested() {
        return master != null;
    }

    /** Spark started for a run, with its engine; closing it stops Spark. */
    static final class Started implements AutoCloseable {
        private final SparkTraining spark;
        private final SparkEngine engine;

        Started(SparkTraining spark, SparkEngine engine) {
            this.spark = spark;
            this.engine = engine;
        }

        TrainingRun.Engine engine() {
            return engine;
        }

        /** How the run reads its data on this Spark: a cluster's files through Spark, the rest through `here`. */
        RunData.Access access(RunData.Access here) {
            return spark.access(here);
        }

        /** Where and how the run trains, for the user: master, workers, averaging. */
        String describe() {
            return engine.settingsLine();
        }

        @Override
        public void close() {
            try {
                engine.close();
            } finally {
                spark.close();
            }
        }
    }

    private static CannotStart tooManyWorkers(int workers, int batch) {
        return new CannotStart(workers + " workers are more than the batch of " + batch + ": each worker trains a "
                + "slice of every batch; use at most " + batch + " (--workers) or a larger --batch", ExitCode.USAGE);
    }

    /** Why Spark did not start, and the exit code that says so. */
    static final class CannotStart extends Exception {
        private final int exitCode;

        CannotStart(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    /**
     * Starts Spark for training `spec` from `sources`, before anything of the run is written; a
     * resumed run's `recorded` settings stand where no flag changes them.
     *
     * @throws CannotStart when Spark's jars are missing, no master is known, the workers do not fit
     *     the batch, or Spark refuses the master
     */
    Started start(TrainSpec spec, RunSources sources, Optional<RunRecord.Distributed> recorded, boolean quiet,
                  PrintWriter err) throws CannotStart {
        Integer workers = this.workers != null ? this.workers : recorded.map(RunRecord.Distributed::workers).orElse(null);
        int syncEvery = this.syncEvery != null ? this.syncEvery
                : recorded.map(RunRecord.Distributed::syncEvery).orElse(SparkSettings.DEFAULT_SYNC_EVERY);
        boolean average = !keepFirstOptimizer && recorded.map(RunRecord.Distributed::averageOptimizer).orElse(true);
        if (workers != null && workers > spec.batch()) {
            throw tooManyWorkers(workers, spec.batch());
        }
        if (!SparkClassPath.hasSpark()) {
            throw new CannotStart("Spark's jars are not on aec's class path. The `aec` script of a checkout adds "
                    + "them when it sees --spark; under spark-submit the cluster brings them "
                    + "(docs/reference/spark.md)", ExitCode.ENVIRONMENT);
        }
        if (!master.isEmpty() && !master.startsWith("local") && !quiet) {
            // A standalone master that does not answer is given up on after Spark's own retries.
            err.println("aec: connecting to Spark on " + master + " (a master that does not answer takes Spark about "
                    + "a minute to give up on)");
            err.flush();
        }
        SparkTraining spark;
        try {
            spark = SparkTraining.start(master.isEmpty() ? Optional.empty() : Optional.of(master),
                    "aec train " + spec.model(), warning -> {
                        err.println("aec: warning: " + warning);
                        err.flush();
                    });
        } catch (IllegalArgumentException e) {
            throw new CannotStart(e.getMessage(), ExitCode.USAGE);
        } catch (SparkTraining.Unavailable e) {
            throw new CannotStart(e.getMessage(), ExitCode.ENVIRONMENT);
        }
        try {
            int n = workers != null ? workers : spark.defaultWorkers();
            if (n > spec.batch()) {
                throw tooManyWorkers(n, spec.batch());
            }
            SparkSettings settings = new SparkSettings(n, syncEvery, average);
            return new Started(spark, spark.engine(ModelRecipe.of(sources, spec), settings));
        } catch (CannotStart | RuntimeException e) {
            spark.close();
            throw e;
        }
    }
}
