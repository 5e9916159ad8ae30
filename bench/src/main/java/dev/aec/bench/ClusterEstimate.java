package dev.aec.bench;

/**
 * A prediction of parameter averaging's speed on a cluster, from figures measured on one machine:
 * the seconds of compute per sample (aec's fast path), the bytes of one snapshot (weights and
 * optimizer state, 4 bytes a value), the run's batch, Spark's own time per round (scheduling, task
 * launch, snapshots made and applied) and a network's bandwidth.
 *
 * <p>A round of `syncEvery` steps on `nodes` workers takes
 * {@code syncEvery * (batch / nodes) * secondsPerSample + roundOverhead + copies * snapshotBytes / bandwidth}:
 * each batch is cut into one slice per worker, the workers' slices train at once, and the snapshot
 * crosses the network down to every worker and back up through Spark's tree aggregation. Copies
 * that cross different links at once cost one copy's time; copies into one receiver follow each
 * other. Down: a snapshot of one block of Spark's TorrentBroadcast reaches twice as many holders
 * per copy time, `ceil(log2(nodes + 1))` copy times. Up: at each level of `treeAggregate` (its
 * own rule for the fan-in, below) an aggregator receives its fan-in of snapshots one after
 * another, and the driver receives what the last level leaves. Computing the sums is not counted.
 */
record ClusterEstimate(double secondsPerSample, long snapshotBytes, int batch, double roundOverheadSeconds,
                       double bytesPerSecond, int treeDepth) {
    ClusterEstimate {
        if (secondsPerSample <= 0 || snapshotBytes <= 0 || batch < 1 || roundOverheadSeconds < 0 || bytesPerSecond <= 0
                || treeDepth < 1) {
            throw new IllegalArgumentException("a cluster estimate needs positive figures");
        }
    }

    /** Copy times of the broadcast: the holders double with each copy, starting from the driver alone. */
    static int broadcastCopies(int nodes) {
        return (int) Math.ceil(Math.log(nodes + 1) / Math.log(2) - 1e-9);
    }

    /**
     * Snapshots received one after another on the way up, level by level, by Spark 3.5's
     * `RDD.treeAggregate`: scale = max(ceil(nodes^(1/depth)), 2); while partitions > scale +
     * ceil(partitions / scale), partitions shrink by scale, each new one receiving its share of the
     * old; then the driver receives one result per partition left.
     */
    static int aggregationCopies(int nodes, int depth) {
        int partitions = nodes;
        int scale = Math.max((int) Math.ceil(Math.pow(nodes, 1.0 / depth) - 1e-9), 2);
        int copies = 0;
        while (partitions > scale + (int) Math.ceil((double) partitions / scale)) {
            int next = partitions / scale;
            copies += (int) Math.ceil((double) partitions / next);
            partitions = next;
        }
        return copies + partitions;
    }

    /** Seconds the snapshot spends on the network in one round. */
    double networkSeconds(int nodes) {
        return (broadcastCopies(nodes) + aggregationCopies(nodes, treeDepth)) * snapshotBytes / bytesPerSecond;
    }

    /** Seconds of one round of `syncEvery` steps on `nodes` workers. */
    double roundSeconds(int nodes, int syncEvery) {
        return syncEvery * ((double) batch / nodes) * secondsPerSample + roundOverheadSeconds + networkSeconds(nodes);
    }

    double samplesPerSecond(int nodes, int syncEvery) {
        return (double) syncEvery * batch / roundSeconds(nodes, syncEvery);
    }
}
