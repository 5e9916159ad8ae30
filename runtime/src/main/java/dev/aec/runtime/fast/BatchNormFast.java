package dev.aec.runtime.fast;

import dev.aec.compiler.layers.BatchNorm;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Batch normalisation by {@link BatchNormKernel}: in a training plan the batch's statistics, and the
 * moving statistics moved in the forward pass, in the graph's own arrays; in an inference plan the
 * moving statistics, as SameDiff's graph with its training flag at 0. Every axis but the last is one axis of values per channel, so the
 * kernel sees `[values, channels]` views of any rank; which batch variance the moving variance
 * averages follows the input's own rank, as Keras's.
 */
final class BatchNormFast implements FastLayer<BatchNorm> {
    @Override
    public Class<BatchNorm> type() {
        return BatchNorm.class;
    }

    @Override
    public void bind(BatchNorm layer, NodeBinding b) {
        INDArray in = b.in();
        long channels = in.size(in.rank() - 1);
        long values = in.length() / channels;
        Optional<INDArray> gradIn = b.gradIn().map(g -> perChannel(g, values, channels));
        b.kernel(BatchNormKernel.of(perChannel(in, values, channels), b.param("gamma"), b.param("beta"),
                b.param("moving_mean"), b.param("moving_variance"), perChannel(b.value(), values, channels),
                layer.momentum(), layer.epsilon(),
                b.training() ? BatchNormKernel.Mode.TRAINING : BatchNormKernel.Mode.INFERENCE,
                BatchNormKernel.MovingVariance.keras(in.rank()), perChannel(b.gradient().orElseThrow(), values, channels),
                b.paramGradient("gamma"), b.paramGradient("beta"), gradIn));
    }

    /** `array` as `[values, channels]`, sharing its memory. */
    private static INDArray perChannel(INDArray array, long values, long channels) {
        INDArray view = array.reshape('c', values, channels);
        if (view.data().address() != array.data().address() || view.offset() != array.offset()) {
            throw new IllegalStateException("a batch-normalisation view is a copy; the step would not see it");
        }
        return view;
    }
}
