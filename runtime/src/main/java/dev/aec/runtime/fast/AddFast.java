package dev.aec.runtime.fast;

import dev.aec.compiler.layers.Add;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's Add: the output is the sum of the inputs, and the gradient of the sum with respect to
 * each input is the output's gradient, copied to each input that needs one.
 */
final class AddFast implements FastLayer<Add> {
    @Override
    public Class<Add> type() {
        return Add.class;
    }

    @Override
    public void bind(Add layer, NodeBinding b) {
        int n = b.node().inputs().size();
        List<INDArray> ins = new ArrayList<>();
        List<Optional<INDArray>> gradIns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ins.add(b.in(i));
            gradIns.add(b.gradIn(i));
        }
        b.kernel(new Sum(ins, b.preActivation(), b.gradient(), gradIns));
    }

    /** The sum, added pairwise into the output buffer by ops made once. */
    private static final class Sum implements Kernel {
        private final List<AddOp> adds = new ArrayList<>();
        private final Optional<INDArray> gradient;
        private final List<Optional<INDArray>> gradIns;

        Sum(List<INDArray> ins, INDArray out, Optional<INDArray> gradient, List<Optional<INDArray>> gradIns) {
            adds.add(new AddOp(ins.get(0), ins.get(1), out));
            for (int i = 2; i < ins.size(); i++) {
                adds.add(new AddOp(out, ins.get(i), out));
            }
            this.gradient = gradient;
            this.gradIns = gradIns;
        }

        @Override
        public void forward() {
            adds.forEach(Nd4j::exec);
        }

        @Override
        public void backward() {
            INDArray g = gradient.orElseThrow(() -> new IllegalStateException("add runs backward without a gradient"));
            gradIns.forEach(in -> in.ifPresent(target -> target.assign(g)));
        }
    }
}
