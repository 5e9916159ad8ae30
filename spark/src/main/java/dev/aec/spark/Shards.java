package dev.aec.spark;

import org.apache.spark.Partitioner;

/**
 * Deals an epoch's examples out to the workers batch by batch: each batch of the run (the train
 * block's `batch` examples, in the epoch's shuffled order) is cut into as many contiguous slices as
 * there are workers, and worker `w` trains slice `w` of every batch. So a step of all workers
 * together sees exactly the batch a local run's step sees, and with plain SGD, averaging the
 * workers' weights after every step gives the local step. Keys are positions in the epoch's order;
 * partition `w` is worker `w`'s share.
 */
public final class Shards extends Partitioner {
    private final long count;
    private final int batch;
    private final int workers;

    public Shards(long count, int batch, int workers) {
        if (count < 1 || batch < 1 || workers < 1 || workers > batch) {
            throw new IllegalArgumentException("batches of " + batch + " from " + count + " examples for " + workers
                    + " workers");
        }
        this.count = count;
        this.batch = batch;
        this.workers = workers;
    }

    @Override
    public int numPartitions() {
        return workers;
    }

    @Override
    public int getPartition(Object key) {
        long position = (Long) key;
        long first = position / batch * batch;
        long size = Math.min(batch, count - first);
        return (int) ((position - first) * workers / size);
    }

    /** The batch of the epoch that the example at `position` belongs to. */
    int batchOf(long position) {
        return (int) (position / batch);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Shards s && s.count == count && s.batch == batch && s.workers == workers;
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(count) * 31 + batch) * 31 + workers;
    }
}
