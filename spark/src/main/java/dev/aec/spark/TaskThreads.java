package dev.aec.spark;

import dev.aec.runtime.backend.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads a worker's native ops use: the cores Spark gives its task (`spark.task.cpus`,
 * 1 unless set), not every core of the machine. Spark runs as many tasks at once as an executor
 * has cores, and ND4J's OpenMP threads spin while they wait; two tasks of two threads each on two
 * cores trained at a fifth of the speed of two tasks of one thread (the conv autoencoder on
 * `local[2]`, docs/internals/nd4j-notes.md).
 */
final class TaskThreads {
    private TaskThreads() {
    }

    /**
     * Limits the calling task's thread to `cores`: OpenMP's count is the calling thread's own
     * (oneDNN reads it), ND4J's loop count is one for the whole process.
     */
    static void limit(int cores) {
        // An executor's first task may come before anything loaded ND4J's backend in its JVM.
        Nd4jEnvironment.init();
        int threads = Math.max(1, cores);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        if (Nd4j.getEnvironment().maxThreads() != threads) {
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
        }
    }
}
