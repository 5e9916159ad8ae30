package dev.aec.runtime.fast;

import dev.aec.compiler.layers.GaussianNoise;
import dev.aec.compiler.model.TrainingDraws;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Gaussian noise: in an inference pass the input itself; in a training step the input plus
 * stddev times the step's normal draws, the ones SameDiff's graph is fed. The noise does not depend on the
 * input, so the input's gradient is the output's.
 */
final class GaussianNoiseFast implements FastLayer<GaussianNoise> {
    @Override
    public Class<GaussianNoise> type() {
        return GaussianNoise.class;
    }

    @Override
    public void bind(GaussianNoise layer, NodeBinding b) {
        INDArray in = b.in();
        INDArray out = b.value();
        if (!b.training()) {
            b.forward(layer.kind(), () -> out.assign(in));
            return;
        }
        INDArray noise = out.ulike();
        int id = b.node().id();
        StepDraws draws = b.draws();
        boolean floats = noise.dataType() == DataType.FLOAT;
        int n = Math.toIntExact(noise.length());
        float[] floatValues = floats ? new float[n] : new float[0];
        double[] doubleValues = floats ? new double[0] : new double[n];
        b.forward(layer.kind(), () -> {
            double[] e = StepDraws.values(draws.seed(), id, TrainingDraws.NORMAL, n);
            for (int i = 0; i < n; i++) {
                if (floats) {
                    floatValues[i] = (float) e[i] * (float) layer.stddev();
                } else {
                    doubleValues[i] = e[i] * layer.stddev();
                }
            }
            if (floats) {
                noise.data().setData(floatValues);
            } else {
                noise.data().setData(doubleValues);
            }
            out.assign(in).addi(noise);
        });
        if (b.gradIn().isPresent()) {
            INDArray gradOut = b.gradient().orElseThrow();
            INDArray g = b.gradIn().get();
            b.backward(layer.kind(), () -> g.assign(gradOut));
        }
    }
}
