package dev.aec.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * What {@link TaskThreads} relies on: OpenMP's thread count set from one thread is that thread's
 * own, so a task limiting itself leaves the driver's and other tasks' threads as they were.
 */
class TaskThreadsTest {
    @Test
    void aTasksLimitHoldsForItsOwnThreadOnly() throws Exception {
        // As in an executor's fresh JVM, nothing has loaded ND4J's backend before the first limit.
        TaskThreads.limit(Runtime.getRuntime().availableProcessors());
        NativeOps nativeOps = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int machine = nativeOps.ompGetMaxThreads();
        assumeTrue(machine > 1, "OpenMP runs one thread on this machine, so a limit of one changes nothing");
        int before = Nd4j.getEnvironment().maxThreads();
        AtomicInteger limited = new AtomicInteger();
        AtomicInteger other = new AtomicInteger();
        try {
            Thread task = new Thread(() -> {
                TaskThreads.limit(1);
                limited.set(nativeOps.ompGetMaxThreads());
            });
            task.start();
            task.join();
            Thread untouched = new Thread(() -> other.set(nativeOps.ompGetMaxThreads()));
            untouched.start();
            untouched.join();
        } finally {
            Nd4j.getEnvironment().setMaxThreads(before);
            Nd4j.getEnvironment().setMaxMasterThreads(before);
        }

        assertThat(limited.get()).isEqualTo(1);
        assertThat(other.get()).isEqualTo(machine);
        assertThat(nativeOps.ompGetMaxThreads()).isEqualTo(machine);
    }
}
