package dev.aec.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the workers of one round trained, summed so far: each snapshot entry weighted by the
 * samples its worker trained on, the losses measured, and the first divergence. One worker's
 * result travels as its snapshot's floats; merging two sums them in doubles, so one worker's
 * weights come back exactly and the sum does not lose what the floats hold. Merging is what
 * Spark's tree aggregation does at each level; {@link #mean} is the averaged model the driver goes
 * on from. A worker that trained no batch (its slices ran out this round) adds nothing.
 */
public final class RoundResult implements Serializable {
    /** One worker's snapshot, before it is merged with another's; null once summed. */
    private Snapshot single;
    private TreeMap<String, double[]> sums = new TreeMap<>();
    private TreeMap<String, long[]> shapes = new TreeMap<>();
    private boolean averageState = true;
    /** Optimizer entries not averaged, when the run keeps the first worker's state: taken from `stateFrom`. */
    private Snapshot firstState;
    private int stateFrom = Integer.MAX_VALUE;
    private double weight;
    private double lossSum;
    private long lossSamples;
    private long samples;
    private int workers;
    private String divergence;
    private int divergedBatch = -1;
    private int divergedWorker = Integer.MAX_VALUE;
    private long slowestStepNanos;

    /** Nothing yet: the start of an aggregation. */
    public static RoundResult empty() {
        return new RoundResult();
    }

    /**
     * Worker `worker`'s round: its snapshot after training on `samples` samples, the loss summed over
     * the `lossSamples` samples of its batches that measured it. With `averageState` its optimizer
     * state is averaged like the weights; otherwise the lowest worker's state is kept whole.
     */
    public static RoundResult of(int worker, Snapshot snapshot, long samples, double lossSum, long lossSamples,
                                 boolean averageState) {
        RoundResult result = new RoundResult();
        if (samples == 0) {
            return result;
        }
        result.single = snapshot;
        result.averageState = averageState;
        if (!averageState) {
            LinkedHashMap<String, Snapshot.Entry> kept = new LinkedHashMap<>();
            snapshot.entries().forEach((key, entry) -> {
                if (key.startsWith(Snapshot.OPTIMIZER)) {
                    kept.put(key, entry);
                }
            });
            result.firstState = new Snapshot(kept);
            result.stateFrom = worker;
        }
        result.weight = samples;
        result.samples = samples;
        result.lossSum = lossSum;
        result.lossSamples = lossSamples;
        result.workers = 1;
        return result;
    }

    /** The same result, its worker having spent `nanos` in its steps (for the round's meter). */
    RoundResult withStepNanos(long nanos) {
        slowestStepNanos = nanos;
        return this;
    }

    /** Worker `worker` found something not finite at batch `batch`: the round, and the run, diverged. */
    public static RoundResult diverged(int worker, String what, int batch) {
        RoundResult result = new RoundResult();
        result.divergence = what;
        result.divergedBatch = batch;
        result.divergedWorker = worker;
        return result;
    }

    /** This and `other` together; either may be changed and returned. */
    public RoundResult merge(RoundResult other) {
        if (other.weight > 0) {
            if (weight == 0) {
                single = other.single;
                sums = other.sums;
                shapes = other.shapes;
                averageState = other.averageState;
            } else {
                summed();
                other.summed();
                add(other);
            }
        }
        if (other.stateFrom < stateFrom) {
            stateFrom = other.stateFrom;
            firstState = other.firstState;
        }
        if (other.divergedWorker < divergedWorker) {
            divergedWorker = other.divergedWorker;
            divergence = other.divergence;
            divergedBatch = other.divergedBatch;
        }
        weight += other.weight;
        samples += other.samples;
        lossSum += other.lossSum;
        lossSamples += other.lossSamples;
        workers += other.workers;
        slowestStepNanos = Math.max(slowestStepNanos, other.slowestStepNanos);
        return this;
    }

    /** Turns one worker's snapshot into weighted sums in doubles. */
    private void summed() {
        if (single == null) {
            return;
        }
        for (Map.Entry<String, Snapshot.Entry> e : single.entries().entrySet()) {
            Snapshot.Entry entry = e.getValue();
            if (!averageState && e.getKey().startsWith(Snapshot.OPTIMIZER)) {
                continue;
            }
            double[] sum;
            if (entry.isCount()) {
                sum = new double[] {(double) entry.count() * weight};
            } else {
                float[] values = entry.values();
                sum = new double[values.length];
                for (int i = 0; i < values.length; i++) {
                    sum[i] = (double) values[i] * weight;
                }
            }
            sums.put(e.getKey(), sum);
            shapes.put(e.getKey(), entry.isCount() ? null : entry.shape());
        }
        single = null;
    }

    private void add(RoundResult other) {
        for (Map.Entry<String, double[]> e : other.sums.entrySet()) {
            double[] mine = sums.get(e.getKey());
            if (mine == null) {
                sums.put(e.getKey(), e.getValue());
                shapes.put(e.getKey(), other.shapes.get(e.getKey()));
                continue;
            }
            double[] theirs = e.getValue();
            if (theirs.length != mine.length) {
                throw new IllegalStateException("workers returned `" + e.getKey() + "` of " + mine.length
                        + " and " + theirs.length + " values");
            }
            for (int i = 0; i < mine.length; i++) {
                mine[i] += theirs[i];
            }
        }
    }

    /** The weights and optimizer state averaged over the workers by the samples each trained on. */
    public Snapshot mean() {
        if (weight == 0) {
            throw new IllegalStateException("no worker trained in this round");
        }
        if (single != null) {
            return single;
        }
        LinkedHashMap<String, Snapshot.Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            double[] sum = e.getValue();
            long[] shape = shapes.get(e.getKey());
            if (shape == null) {
                entries.put(e.getKey(), new Snapshot.Entry(null, null, Math.round(sum[0] / weight), true));
                continue;
            }
            float[] values = new float[sum.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (sum[i] / weight);
            }
            entries.put(e.getKey(), new Snapshot.Entry(shape, values, 0, false));
        }
        if (firstState != null) {
            entries.putAll(firstState.entries());
        }
        return new Snapshot(entries);
    }

    public long samples() {
        return samples;
    }

    public double lossSum() {
        return lossSum;
    }

    public long lossSamples() {
        return lossSamples;
    }

    /** Nanoseconds the slowest worker spent in its steps: the part of the round that trained. */
    public long slowestStepNanos() {
        return slowestStepNanos;
    }

    /** How many workers trained in the round. */
    public int workers() {
        return workers;
    }

    public java.util.Optional<String> divergence() {
        return java.util.Optional.ofNullable(divergence);
    }

    /** The batch at which the first worker (by number) that diverged did so. */
    public int divergedBatch() {
        return divergedBatch;
    }
}
