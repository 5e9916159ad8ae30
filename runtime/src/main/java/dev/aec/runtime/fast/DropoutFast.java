package dev.aec.runtime.fast;

import dev.aec.compiler.layers.Dropout;
import dev.aec.compiler.model.TrainingDraws;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Dropout: in an inference pass the input itself; in a training step a mask of 0 with
 * probability rate, else 1 / (1 - rate), from the step's uniform draws (a value is kept when its
 * draw is at least the rate), the ones SameDiff's graph is fed. The output is the input times the
 * mask, and so is the input's gradient.
 */
final class DropoutFast implements FastLayer<Dropout> {
    @Override
    public Class<Dropout> type() {
        return Dropout.class;
    }

    @Override
    public void bind(Dropout layer, NodeBinding b) {
        INDArray in = b.in();
        INDArray out = b.value();
        if (!b.training()) {
            b.forward(layer.kind(), () -> out.assign(in));
            return;
        }
        INDArray mask = out.ulike();
        int id = b.node().id();
        StepDraws draws = b.draws();
        boolean floats = mask.dataType() == DataType.FLOAT;
        int n = Math.toIntExact(mask.length());
        float[] floatValues = floats ? new float[n] : new float[0];
        double[] doubleValues = floats ? new double[0] : new double[n];
        b.forward(layer.kind(), () -> {
            double[] u = StepDraws.values(draws.seed(), id, TrainingDraws.UNIFORM, n);
            // floor(u + 1 - rate) / (1 - rate), in the graph's precision, as ModelGraph.dropout computes it.
            for (int i = 0; i < n; i++) {
                if (floats) {
                    floatValues[i] = (float) Math.floor((float) u[i] + (float) (1 - layer.rate())) / (float) (1 - layer.rate());
                } else {
                    doubleValues[i] = Math.floor(u[i] + (1 - layer.rate())) / (1 - layer.rate());
                }
            }
            if (floats) {
                mask.data().setData(floatValues);
            } else {
                mask.data().setData(doubleValues);
            }
            out.assign(in).muli(mask);
        });
        if (b.gradIn().isPresent()) {
            INDArray gradOut = b.gradient().orElseThrow();
            INDArray g = b.gradIn().get();
            b.backward(layer.kind(), () -> g.assign(gradOut).muli(mask));
        }
    }
}
