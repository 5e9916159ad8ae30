package dev.aec.runtime.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's Adadelta step for one float parameter array, as a Java loop over heap copies of its two
 * accumulators. libnd4j's fused `adadelta_updater` took 0.6-1.0 ms per step on the dense
 * autoencoder's 226,512 parameters; this loop, which the JIT vectorises, takes about 0.2 ms plus
 * the bulk copies of the gradient in and the parameters in and out. The accumulators live here
 * between steps; {@link #save} writes them back to the optimizer's state arrays for a checkpoint.
 */
final class HeapAdadelta {
    private final INDArray accumGradState;
    private final INDArray accumVarState;
    private final float[] accumGrad;
    private final float[] accumVar;
    private final float[] gradient;
    private final float[] values;

    /** Whether this covers a parameter, its gradient and its accumulators: float arrays that are whole buffers. */
    static boolean covers(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (!whole(a) || a.length() != arrays[0].length()) {
                return false;
            }
        }
        return true;
    }

    private static boolean whole(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && a.elementWiseStride() == 1 && a.offset() == 0
                && a.data().length() == a.length() && a.length() <= Integer.MAX_VALUE;
    }

    /** Starts from the current values of the optimizer's state arrays (zeros, or a checkpoint's). */
    HeapAdadelta(INDArray accumGradState, INDArray accumVarState) {
        this.accumGradState = accumGradState;
        this.accumVarState = accumVarState;
        int n = Math.toIntExact(accumGradState.length());
        this.accumGrad = new float[n];
        this.accumVar = new float[n];
        this.gradient = new float[n];
        this.values = new float[n];
        accumGradState.data().asNioFloat().get(accumGrad);
        accumVarState.data().asNioFloat().get(accumVar);
    }

    /** p -= lr * sqrt(E[dx^2] + eps) / sqrt(E[g^2] + eps) * g, the running averages decaying by rho. */
    void step(INDArray parameter, INDArray gradientArray, double learningRate, double rho, double epsilon) {
        gradientArray.data().asNioFloat().get(gradient);
        parameter.data().asNioFloat().get(values);
        float r = (float) rho;
        float keep = (float) (1 - rho);
        float eps = (float) epsilon;
        float lr = (float) learningRate;
        for (int i = 0; i < values.length; i++) {
            float g = gradient[i];
            float msg = r * accumGrad[i] + keep * g * g;
            float update = (float) Math.sqrt(accumVar[i] + eps) / (float) Math.sqrt(msg + eps) * g;
            accumGrad[i] = msg;
            accumVar[i] = r * accumVar[i] + keep * update * update;
            values[i] -= lr * update;
        }
        parameter.data().asNioFloat().put(values);
    }

    /** Writes the accumulators back to the optimizer's state arrays. */
    void save() {
        accumGradState.data().asNioFloat().put(accumGrad);
        accumVarState.data().asNioFloat().put(accumVar);
    }
}
