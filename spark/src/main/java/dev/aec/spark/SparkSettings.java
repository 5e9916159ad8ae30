package dev.aec.spark;

/**
 * How a run trains on Spark (the master is the context's): how many workers share each batch (one
 * partition, one task per round each), how many batches each trains between two averagings, and whether the optimizer's state is averaged
 * like the weights (else the first worker's is kept). One worker gives a local run's result.
 */
public record SparkSettings(int workers, int syncEvery, boolean averageOptimizer, Round.Fault fault) {
    /** Batches between averagings when not set: few enough for the average to track, many enough to pay for a round. */
    public static final int DEFAULT_SYNC_EVERY = 10;

    public SparkSettings {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, not " + workers);
        }
        if (syncEvery < 1) {
            throw new IllegalArgumentException("sync_every must be at least 1, not " + syncEvery);
        }
    }

    public SparkSettings(int workers, int syncEvery, boolean averageOptimizer) {
        this(workers, syncEvery, averageOptimizer, null);
    }

    /** The same settings, with a failure injected into one task's first attempt (tests). */
    SparkSettings failing(int epoch, int firstBatch, int worker) {
        return new SparkSettings(workers, syncEvery, averageOptimizer, new Round.Fault(epoch, firstBatch, worker));
    }
}
