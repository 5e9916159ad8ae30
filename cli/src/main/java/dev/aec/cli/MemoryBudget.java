package dev.aec.cli;

import dev.aec.compiler.ir.TrainingMemory;
import java.util.ArrayList;
import java.util.List;

/**
 * What training takes in all: the compiler's estimate of the model's own memory plus the process
 * around it (the Java heap, ND4J's and oneDNN's native libraries, the JVM), against the limit aec
 * may use. Measured here: the tutorial's conv autoencoder, whose own memory the compiler puts at
 * 0.25 GB, peaked at 1.42 GB resident under the launcher's 384 MB heap.
 */
final class MemoryBudget {

    /** The JVM and the native libraries beside the heap (measured: 0.8 GB on the conv autoencoder). */
    static final long NATIVE_RUNTIME_BYTES = 800_000_000L;

    /**
     * Saving a model passes its weights through the Java heap (SameDiff serialises them into a
     * growing byte array, copies it, and builds a FlatBuffer from it): the 94-million-parameter
     * model, 377 MB of weights, failed to save under heaps of 384 MB and 1,200 MB and saved under
     * 1,700 MB.
     */
    static final int SAVE_HEAP_FACTOR = 4;

    private MemoryBudget() {
    }

    /** The process around the model: the Java heap it may grow to and the native libraries. */
    static long runtimeBytes() {
        return Runtime.getRuntime().maxMemory() + NATIVE_RUNTIME_BYTES;
    }

    static long total(TrainingMemory memory) {
        return memory.total() + runtimeBytes();
    }

    /** {@code about 2.6 GB (weights 377 MB, ..., data 220 MB, runtime 1.2 GB)}. */
    static String line(TrainingMemory memory) {
        return "about " + TrainingMemory.bytes(total(memory)) + " (" + memory.parts() + ", runtime "
                + TrainingMemory.bytes(runtimeBytes()) + ")";
    }

    /** Why training `model` will likely run out of memory under `limit` or fail to save, if it will. */
    static List<String> warnings(String model, TrainingMemory memory, MemoryLimit limit, MachineMemory machine) {
        List<String> warnings = new ArrayList<>();
        long needed = total(memory);
        if (needed > limit.bytes()) {
            String help = needed > machine.usable()
                    ? "make the model or its batch smaller: this is " + machine.describe()
                    : "raise the limit with " + MemoryLimit.VARIABLE + "=" + OutOfMemory.gigabytes(needed * 5 / 4)
                            + ", or make the model or its batch smaller";
            warnings.add("training `" + model + "` needs about " + TrainingMemory.bytes(needed)
                    + ", more than the " + limit.describe() + " aec may use; " + help);
        }
        long heap = Runtime.getRuntime().maxMemory();
        long saving = SAVE_HEAP_FACTOR * memory.weights();
        if (saving > heap) {
            warnings.add("saving `" + model + "` passes its " + TrainingMemory.bytes(memory.weights())
                    + " of weights through the Java heap, which needs about " + TrainingMemory.bytes(saving)
                    + ", more than its heap of " + OutOfMemory.xmx(heap) + "; run with AEC_JAVA_OPTS=\"-Xmx"
                    + OutOfMemory.heap(saving + (256L << 20)) + " -XX:TieredStopAtLevel=1\"");
        }
        return warnings;
    }
}
