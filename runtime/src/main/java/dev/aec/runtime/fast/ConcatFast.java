package dev.aec.runtime.fast;

import dev.aec.compiler.layers.Concat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Keras's Concatenate: each input is copied into its slice of the output along the axis, and each
 * input's gradient is its slice of the output's gradient. The slices are views made once.
 */
final class ConcatFast implements FastLayer<Concat> {
    @Override
    public Class<Concat> type() {
        return Concat.class;
    }

    @Override
    public void bind(Concat layer, NodeBinding b) {
        int n = b.node().inputs().size();
        // The axis of the batched arrays: the sample's axis, after the batch.
        int axis = layer.sampleAxis(b.node().outShape().rank()) + 1;
        List<INDArray> ins = new ArrayList<>();
        List<INDArray> slices = new ArrayList<>();
        List<Optional<INDArray>> gradIns = new ArrayList<>();
        List<Optional<INDArray>> gradSlices = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < n; i++) {
            INDArray in = b.in(i);
            long size = in.size(axis);
            INDArrayIndex[] index = slice(in.rank(), axis, offset, offset + size);
            ins.add(in);
            slices.add(b.preActivation().get(index));
            gradIns.add(b.gradIn(i));
            gradSlices.add(b.gradIn(i).isPresent() ? b.gradient().map(g -> g.get(index)) : Optional.empty());
            offset += size;
        }
        b.kernel(new Copies(ins, slices, gradIns, gradSlices));
    }

    private static INDArrayIndex[] slice(int rank, int axis, long from, long to) {
        INDArrayIndex[] index = new INDArrayIndex[rank];
        for (int d = 0; d < rank; d++) {
            index[d] = d == axis ? NDArrayIndex.interval(from, to) : NDArrayIndex.all();
        }
        return index;
    }

    /** Copies into the slices forward and out of them backward. */
    private record Copies(List<INDArray> ins, List<INDArray> slices, List<Optional<INDArray>> gradIns,
                          List<Optional<INDArray>> gradSlices) implements Kernel {
        @Override
        public void forward() {
            for (int i = 0; i < ins.size(); i++) {
                slices.get(i).assign(ins.get(i));
            }
        }

        @Override
        public void backward() {
            for (int i = 0; i < ins.size(); i++) {
                if (gradIns.get(i).isPresent()) {
                    gradIns.get(i).get().assign(gradSlices.get(i).orElseThrow());
                }
            }
        }
    }
}
