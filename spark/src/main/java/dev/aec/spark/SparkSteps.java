package dev.aec.spark;

import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.train.Examples;
import dev.aec.runtime.train.Steps;
import dev.aec.runtime.train.Trainer;
import dev.aec.runtime.train.TrainingControls;
import dev.aec.runtime.train.TrainingStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Tuple2;

/**
 * Batches trained by parameter averaging on Spark, the driver's side. The training examples go to
 * the executors once, in broadcast blocks each executor fetches as its partitions need them, and
 * stay in their memory as an RDD. Each epoch, Spark's shuffle deals them
 * out in the order the run's seed gives that epoch (the local run's order), each batch cut into one
 * slice per worker ({@link Shards}). A round broadcasts the driver's weights and optimizer state,
 * lets every worker train its slices of `syncEvery` batches from there, and averages what they
 * return by Spark's tree aggregation into the driver's model, which then holds the run's state as a
 * local run's model would: checkpoints, validation and the test read it there. Positions count
 * batches as a local run does, so a run can stop on Spark and go on here, or the other way round.
 */
public final class SparkSteps implements Steps, AutoCloseable {
    private final JavaSparkContext spark;
    private final ModelRecipe recipe;
    private final CompiledModel model;
    private final TrainingStep step;
    private final Trainer.Plan plan;
    private final TrainingControls controls;
    private final SparkSettings settings;
    private final int count;
    private final int batches;
    private final JavaPairRDD<Integer, Example> examples;
    /** The training examples in blocks, as broadcast: each executor fetches only the blocks its partitions hold. */
    private final List<Broadcast<Example[]>> blocks;
    private final Meter meter;
    private JavaPairRDD<Long, Example> dealt;
    private int dealtEpoch = -1;

    /** Where a round's time goes, for benchmarks: its total, and the part spent outside the workers' steps. */
    public static final class Meter {
        private long rounds;
        private long roundNanos;
        private long shippingNanos;
        private long stepNanos;
        private long bytes;

        public long rounds() {
            return rounds;
        }

        public double roundSeconds() {
            return roundNanos / 1e9;
        }

        /** Seconds spent making, sending and applying snapshots on the driver: the part of a round not training. */
        public double shippingSeconds() {
            return shippingNanos / 1e9;
        }

        /**
         * Seconds the slowest worker of each round spent in its steps, summed over the rounds: the
         * part of the rounds that trained; the rest is shipping, Spark's scheduling and averaging.
         */
        public double stepSeconds() {
            return stepNanos / 1e9;
        }

        /** Bytes of snapshots broadcast to the workers, counted once per round. */
        public long snapshotBytes() {
            return bytes;
        }
    }

    SparkSteps(JavaSparkContext spark, ModelRecipe recipe, CompiledModel model, TrainingStep step, Examples train,
               Trainer.Plan plan, TrainingControls controls, SparkSettings settings) {
        this.spark = spark;
        this.recipe = recipe;
        this.model = model;
        this.step = step;
        this.plan = plan;
        this.controls = controls;
        this.settings = settings;
        this.count = train.count();
        this.batches = plan.batches(count);
        this.meter = new Meter();
        if (train.rows() instanceof ClusterRows cluster) {
            this.blocks = List.of();
            this.examples = onExecutors(spark, cluster, train);
        } else {
            this.blocks = broadcastBlocks(spark, train);
            this.examples = fromBlocks(spark, blocks, settings.workers());
        }
    }

    /** The examples of `train` from the blocks as broadcast, kept by the executors once fetched. */
    private static JavaPairRDD<Integer, Example> fromBlocks(JavaSparkContext spark, List<Broadcast<Example[]>> blocks,
                                                           int partitions) {
        List<Integer> numbers = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            numbers.add(b);
        }
        return spark.parallelize(numbers, partitions).flatMapToPair(b -> {
            Example[] block = blocks.get(b).value();
            List<Tuple2<Integer, Example>> pairs = new ArrayList<>(block.length);
            for (int i = 0; i < block.length; i++) {
                pairs.add(new Tuple2<>(b * BLOCK + i, block[i]));
            }
            return pairs.iterator();
        }).persist(StorageLevel.MEMORY_AND_DISK());
    }

    /**
     * The examples of `train` made where the executors keep its samples: each sample that is a
     * training example becomes one, scaled as {@link Examples#batch} scales it, with its one-hot
     * target for a classifier. Only which rows train and their labels travel from the driver.
     */
    private static JavaPairRDD<Integer, Example> onExecutors(JavaSparkContext spark, ClusterRows rows, Examples train) {
        int[] positionOf = new int[rows.count()];
        java.util.Arrays.fill(positionOf, -1);
        int[] rowIndices = train.rowIndices();
        for (int p = 0; p < rowIndices.length; p++) {
            positionOf[rowIndices[p]] = p;
        }
        Broadcast<int[]> positions = spark.broadcast(positionOf);
        Broadcast<float[]> labels = train.labels().map(l -> spark.broadcast(l.dup('c').data().asFloat())).orElse(null);
        int classes = train.labels().map(l -> (int) l.columns()).orElse(0);
        dev.aec.runtime.train.Scaling scaling = train.scaling();
        return rows.samples().flatMapToPair(sample -> {
            int p = positions.value()[sample._1()];
            if (p < 0) {
                return java.util.Collections.emptyIterator();
            }
            float[] input = sample._2().clone();
            scaling.applyInPlace(input);
            float[] target = labels == null ? null
                    : java.util.Arrays.copyOfRange(labels.value(), p * classes, (p + 1) * classes);
            return List.of(new Tuple2<>(p, new Example(input, target))).iterator();
        });
    }

    /**
     * Examples per broadcast block: 1,024 MNIST images are 3.2 MB, about one of Spark's 4 MB
     * broadcast pieces. The examples travel as broadcast blocks rather than inside the tasks, whose
     * size Spark caps on a cluster (`spark.rpc.message.maxSize`, 128 MB) and warns of from 1 MB.
     */
    static final int BLOCK = 1024;

    /** The examples, scaled as the model takes them (one-hot targets for a classifier), in broadcast blocks. */
    private static List<Broadcast<Example[]>> broadcastBlocks(JavaSparkContext spark, Examples train) {
        List<Broadcast<Example[]>> blocks = new ArrayList<>();
        boolean labelled = train.labels().isPresent();
        for (int from = 0; from < train.count(); from += BLOCK) {
            int to = Math.min(train.count(), from + BLOCK);
            int[] indices = new int[to - from];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = from + i;
            }
            INDArray inputs = train.batch(indices);
            INDArray targets = labelled ? train.targets(indices, inputs) : null;
            Example[] block = new Example[indices.length];
            for (int i = 0; i < indices.length; i++) {
                float[] input = inputs.slice(i).dup('c').data().asFloat();
                float[] target = labelled ? targets.getRow(i).dup('c').data().asFloat() : null;
                block[i] = new Example(input, target);
            }
            blocks.add(spark.broadcast(block));
        }
        return blocks;
    }

    public Meter meter() {
        return meter;
    }

    @Override
    public int batches() {
        return batches;
    }

    @Override
    public Advance take(int epoch, int first) {
        long started = System.nanoTime();
        JavaPairRDD<Long, Example> shares = deal(epoch);
        int length = Math.min(settings.syncEvery(), batches - first);
        double[] rates = null;
        if (controls.scheduled()) {
            rates = new double[length];
            for (int k = 0; k < length; k++) {
                rates[k] = controls.rate(epoch, first + k);
            }
        }
        long shipping = System.nanoTime();
        Snapshot snapshot = Snapshot.of(model, step);
        Broadcast<Snapshot> start = spark.broadcast(snapshot);
        long shipped = System.nanoTime() - shipping;
        RoundResult result;
        try {
            JavaRDD<RoundResult> trained = shares.mapPartitionsWithIndex(new Round(recipe, start, epoch, first, length,
                    batches, count, settings.workers(), rates, settings.averageOptimizer(), settings.fault()), false);
            result = SparkTraining.job(() -> trained.treeAggregate(RoundResult.empty(), RoundResult::merge,
                    RoundResult::merge));
        } finally {
            start.destroy();
        }
        if (result.divergence().isPresent()) {
            return Advance.diverged(result.divergence().get(), result.divergedBatch());
        }
        long applying = System.nanoTime();
        result.mean().applyTo(model, step);
        long ended = System.nanoTime();
        meter.rounds++;
        meter.roundNanos += ended - started;
        meter.shippingNanos += shipped + (ended - applying);
        meter.stepNanos += result.slowestStepNanos();
        meter.bytes += snapshot.bytes();
        return new Advance(length, result.lossSum(), result.lossSamples(), result.samples(), (ended - started) / 1e9,
                Optional.empty(), first + length - 1);
    }

    /** The examples dealt to the workers in `epoch`'s order, each share sorted by position. */
    private JavaPairRDD<Long, Example> deal(int epoch) {
        if (epoch == dealtEpoch) {
            return dealt;
        }
        if (dealt != null) {
            dealt.unpersist(false);
        }
        int n = count;
        long seed = plan.seed();
        boolean shuffle = plan.shuffle();
        int batch = plan.batch();
        JavaPairRDD<Long, Example> positioned = examples.mapPartitionsToPair(pairs -> {
            int[] position = positions(new Trainer.Plan(1, batch, shuffle, seed).order(epoch, n));
            List<Tuple2<Long, Example>> out = new ArrayList<>();
            while (pairs.hasNext()) {
                Tuple2<Integer, Example> pair = pairs.next();
                out.add(new Tuple2<>((long) position[pair._1()], pair._2()));
            }
            return out.iterator();
        });
        dealt = positioned.repartitionAndSortWithinPartitions(new Shards(n, batch, settings.workers()))
                .persist(StorageLevel.MEMORY_AND_DISK());
        dealtEpoch = epoch;
        return dealt;
    }

    /** Where each example stands in `order`: the inverse permutation. */
    static int[] positions(int[] order) {
        int[] position = new int[order.length];
        for (int p = 0; p < order.length; p++) {
            position[order[p]] = p;
        }
        return position;
    }

    @Override
    public void close() {
        if (dealt != null) {
            dealt.unpersist(false);
        }
        examples.unpersist(false);
        for (Broadcast<Example[]> block : blocks) {
            block.destroy();
        }
        Workers.forget(recipe);
    }
}
