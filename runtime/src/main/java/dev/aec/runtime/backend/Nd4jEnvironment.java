package dev.aec.runtime.backend;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.function.Supplier;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one place that knows ND4J's start-up habits: float32 by default, and the lines SameDiff
 * prints straight to System.out (one "Added differentiated op" per op while building gradients)
 * kept away from users.
 */
public final class Nd4jEnvironment {
    private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());
    private static volatile boolean ready;

    private Nd4jEnvironment() {
    }

    /** Loads the native backend once; cheap after the first call. */
    public static synchronized void init() {
        if (ready) {
            return;
        }
        silently(() -> {
            Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
            return Nd4j.create(1);
        });
        ready = true;
    }

    /**
     * Runs `work` with System.out swallowed, unless aec runs verbose. SameDiff writes its gradient
     * construction log with System.out.println, not through slf4j, so no logger setting hides it.
     */
    public static <T> T silently(Supplier<T> work) {
        if (Boolean.getBoolean("aec.verbose")) {
            return work.get();
        }
        PrintStream original = System.out;
        System.setOut(DISCARD);
        try {
            return work.get();
        } finally {
            System.setOut(original);
        }
    }
}
