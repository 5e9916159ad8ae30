package dev.aec.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Spark and ND4J in one JVM: a local Spark whose tasks multiply ND4J arrays, the class path and the
 * Java options a data-parallel trainer builds on. One SparkContext runs at a time, so each master
 * is a nested class with its own context.
 */
class LocalSparkTest {
    /** Four rows of four inputs, two to a partition. */
    private static final List<float[]> ROWS = List.of(
            new float[] {1, 2, 3, 4},
            new float[] {5, 6, 7, 8},
            new float[] {9, 10, 11, 12},
            new float[] {13, 14, 15, 16});

    /** A 4x2 matrix, row by row. */
    private static final float[] WEIGHTS = {1, 0, 0, 1, 1, 1, 2, -1};

    /**
     * The column sums of ROWS (28, 32, 36, 40) times WEIGHTS; small integers, so float sums are
     * exact in any order.
     */
    private static final float[] PROJECTED_SUM = {144, 28};

    /** Failed attempts, counted in the task: local mode runs tasks in this JVM and class loader. */
    private static final AtomicInteger FAILED_ATTEMPTS = new AtomicInteger();

    @Nested
    class OnTwoThreads {
        private static JavaSparkContext spark;

        @BeforeAll
        static void start(@TempDir Path localDir) {
            spark = LocalSpark.start("local[2]", localDir);
        }

        @AfterAll
        static void stop() {
            spark.stop();
        }

        @Test
        void tasksMultiplyNd4jArraysAndTheirSumsAddUp() {
            JavaRDD<float[]> sums = spark.parallelize(ROWS, 2).mapPartitions(rows -> project(rows, WEIGHTS));

            assertThat(sum(sums)).containsExactly(PROJECTED_SUM);
        }

        @Test
        void tasksReadABroadcastArray() {
            Broadcast<float[]> weights = spark.broadcast(WEIGHTS.clone());

            JavaRDD<float[]> sums = spark.parallelize(ROWS, 2).mapPartitions(rows -> project(rows, weights.value()));

            assertThat(sum(sums)).containsExactly(PROJECTED_SUM);
        }
    }

    @Nested
    class WithTwoAttemptsPerTask {
        private static JavaSparkContext spark;

        @BeforeAll
        static void start(@TempDir Path localDir) {
            spark = LocalSpark.start("local[2,2]", localDir);
        }

        @AfterAll
        static void stop() {
            spark.stop();
        }

        @Test
        void taskThatFailsItsFirstAttemptIsRetried() throws Exception {
            FAILED_ATTEMPTS.set(0);
            JavaRDD<float[]> sums = spark.parallelize(ROWS, 2).mapPartitionsWithIndex((partition, rows) -> {
                if (partition == 1 && TaskContext.get().attemptNumber() == 0) {
                    FAILED_ATTEMPTS.incrementAndGet();
                    throw new IllegalStateException("first attempt of partition 1 fails on purpose");
                }
                return project(rows, WEIGHTS);
            }, false);

            float[] sum = LocalSpark.expectingFailedTasks(() -> sum(sums));

            assertThat(sum).containsExactly(PROJECTED_SUM);
            assertThat(FAILED_ATTEMPTS).hasValue(1);
        }
    }


    /** The rows of one partition as an n x 4 matrix, times the 4x2 weights, summed over the rows. */
    private static Iterator<float[]> project(Iterator<float[]> rows, float[] weights) {
        List<Float> values = new ArrayList<>();
        rows.forEachRemaining(row -> {
            for (float value : row) {
                values.add(value);
            }
        });
        float[] data = new float[values.size()];
        for (int i = 0; i < data.length; i++) {
            data[i] = values.get(i);
        }
        INDArray inputs = Nd4j.create(data).reshape('c', data.length / 4, 4);
        INDArray projection = Nd4j.create(weights, new long[] {4, 2}, 'c');
        return List.of(inputs.mmul(projection).sum(0).toFloatVector()).iterator();
    }

    private static float[] sum(JavaRDD<float[]> rdd) {
        return rdd.treeAggregate(new float[2], LocalSparkTest::add, LocalSparkTest::add);
    }

    private static float[] add(float[] a, float[] b) {
        float[] sum = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }
}
