package dev.aec.bench;

import dev.aec.compiler.types.Shape;
import dev.aec.runtime.data.rows.MappedRows;
import dev.aec.runtime.data.rows.MemoryRows;
import dev.aec.runtime.data.rows.SampleCache;
import dev.aec.runtime.data.source.Samples;
import dev.aec.runtime.train.Examples;
import dev.aec.runtime.train.Scaling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch gather throughput, rows in memory against rows in a memory-mapped cache file (page cache
 * warm), and the cost of a fitted scaling per batch: Scaling's Java loop against two ND4J
 * broadcast ops. MNIST-sized random rows, shuffled batches.
 * Usage: `java ... GatherThroughput [ROWS [WIDTH [BATCH [ROUNDS]]]]`.
 */
public final class GatherThroughput {
    private GatherThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 784;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        float[] values = new float[count * width];
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble();
        }
        int[] order = Measure.shuffled(count);
        Path root = Files.createTempDirectory("aec-gather");
        try {
            Shape shape = Shape.of(width);
            Examples memory = new Examples("memory", new MemoryRows(Nd4j.create(values, new long[] {count, width}, 'c')),
                    shape, Optional.empty());
            long buildStart = System.nanoTime();
            MappedRows mapped = SampleCache.materialize(new ArraySamples(values, count, width), root,
                    SampleCache.Progress.NONE);
            double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
            Examples file = new Examples("mapped", mapped, shape, Optional.empty());
            // Warm the page cache, as after the first epoch.
            time(file, order, batch, 1, into -> { });
            Scaling scaling = Scaling.fit(Scaling.Kind.STANDARD, memory.rows(), order);
            INDArray scale = Nd4j.create(scaling.scale(), new long[] {width}, DataType.FLOAT);
            INDArray shift = Nd4j.create(scaling.shift(), new long[] {width}, DataType.FLOAT);
            Examples scaled = memory.withScaling(scaling);
            double[][] results = new double[5][rounds];
            for (int r = 0; r < rounds; r++) {
                results[0][r] = time(memory, order, batch, 3, into -> { });
                results[1][r] = time(file, order, batch, 3, into -> { });
                results[2][r] = time(scaled, order, batch, 3, into -> { });
                results[3][r] = time(memory, order, batch, 3, into -> {
                    INDArray m = into.reshape('c', into.size(0), width);
                    m.muliRowVector(scale);
                    m.addiRowVector(shift);
                });
                results[4][r] = time(memory, order, batch, 3, scaling::applyInPlace);
            }
            String[] names = {"memory rows", "mapped rows (warm)", "memory rows + scaling (Java loop)",
                "memory rows + ND4J muliRowVector/addiRowVector", "memory rows + applyInPlace after batchInto"};
            System.out.printf(Locale.ROOT, "%d rows of %d floats, batch %d, median of %d rounds of 3 epochs%n",
                    count, width, batch, rounds);
            System.out.printf(Locale.ROOT, "  cache file built in %.2f s (%.0f MB/s, samples copied from memory, "
                    + "%d threads, flushed to disk)%n", buildSeconds, (double) count * width * 4 / 1e6 / buildSeconds,
                    Runtime.getRuntime().availableProcessors());
            for (int k = 0; k < names.length; k++) {
                double[] sorted = results[k].clone();
                Arrays.sort(sorted);
                double median = sorted[rounds / 2];
                System.out.printf(Locale.ROOT, "  %-48s %10.0f rows/s  %7.2f us/batch  %5.2f GB/s  (%.2fx memory)%n",
                        names[k], median, 1e6 * batch / median, median * width * 4 / 1e9,
                        median / median(results[0]));
            }
        } finally {
            try (var files = Files.list(root)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(root);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Rows per second through `batchInto` (then `after`) over `epochs` passes in `order`. */
    private static double time(Examples examples, int[] order, int batch, int epochs, Consumer<INDArray> after) {
        INDArray into = examples.batch(Arrays.copyOf(order, batch));
        int batches = order.length / batch;
        long start = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            for (int b = 0; b < batches; b++) {
                after.accept(examples.batchInto(Arrays.copyOfRange(order, b * batch, (b + 1) * batch), into));
            }
        }
        return (double) epochs * batches * batch / ((System.nanoTime() - start) / 1e9);
    }

    /** Samples already in an array, as a reader of a cheap source would hand them out. */
    private record ArraySamples(float[] values, int count, int width) implements Samples {
        @Override
        public Shape sampleShape() {
            return Shape.of(width);
        }

        @Override
        public void read(int index, float[] into, int offset) {
            System.arraycopy(values, index * width, into, offset, width);
        }

        @Override
        public String name(int index) {
            return "row " + index;
        }

        @Override
        public OptionalInt label(int index) {
            return OptionalInt.empty();
        }

        @Override
        public List<String> classes() {
            return List.of();
        }

        @Override
        public List<String> skipped() {
            return List.of();
        }

        @Override
        public String fingerprint() {
            return "bench " + count + "x" + width + " " + System.nanoTime();
        }

        @Override
        public boolean cheapToRead() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
