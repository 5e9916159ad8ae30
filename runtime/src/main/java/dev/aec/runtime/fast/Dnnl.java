package dev.aec.runtime.fast;

import java.util.Optional;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** oneDNN's CPU engine and stream for the process, or empty when its native library does not load. */
record Dnnl(engine cpu, stream queue) {
    static final Optional<Dnnl> CPU = load();

    /** Whether oneDNN runs here for arrays of this type: float, and its native library loads. */
    static boolean runs(DataType type) {
        return type == DataType.FLOAT && CPU.isPresent();
    }

    /** Whether oneDNN runs here on these arrays: its native library loads, and each is a dense row-major float array. */
    static boolean runsOn(INDArray... operands) {
        if (CPU.isEmpty()) {
            return false;
        }
        for (INDArray a : operands) {
            if (!NativeArrays.dense(a)) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Dnnl> load() {
        try {
            engine eng = new engine(engine.kind.cpu, 0);
            return Optional.of(new Dnnl(eng, new stream(eng)));
        } catch (UnsatisfiedLinkError | ExceptionInInitializerError | NoClassDefFoundError e) {
            return Optional.empty();
        }
    }
}
