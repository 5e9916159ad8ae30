package dev.aec.runtime.fast;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.binary;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.post_ops;
import org.bytedeco.dnnl.primitive_attr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The gradient of binary cross-entropy on logits or of the squared error, `scale (output - target)`,
 * in one oneDNN pass: the difference with the scaling as a post-op. libnd4j's subtraction and then
 * its scaling took 0.30 ms on the tutorial conv autoencoder's 100 x 28x28 output, two passes of its
 * transforms; this, 0.02 ms. The values are the same: a float difference, then a float product.
 */
final class DnnlLossGradient {
    private final NativeArrays arrays = new NativeArrays();
    private final Dnnl onednn;
    private final binary pass;
    private final IntMemoryMap args = new IntMemoryMap();
    private final memory target;
    private final long length;

    /** Writes `gradient` from `output`, scaled by `scale`; the target comes with each call. */
    DnnlLossGradient(INDArray output, INDArray gradient, double scale) {
        this.onednn = Dnnl.CPU.orElseThrow(() -> new IllegalStateException("oneDNN did not load"));
        this.length = output.length();
        memory.desc all = new memory.desc(new long[] {length}, memory.data_type.f32, memory.format_tag.x);
        post_ops scaled = new post_ops();
        scaled.append_eltwise(1f, dnnl.algorithm.eltwise_linear, (float) scale, 0f);
        primitive_attr attr = new primitive_attr();
        attr.set_post_ops(scaled);
        this.pass = new binary(new binary.primitive_desc(
                new binary.desc(dnnl.algorithm.binary_sub, all, all, all), attr, onednn.cpu()));
        this.target = new memory(all, onednn.cpu(), new org.bytedeco.javacpp.Pointer());
        args.put(dnnl.DNNL_ARG_SRC_0, new memory(all, onednn.cpu(), arrays.address(output)));
        args.put(dnnl.DNNL_ARG_SRC_1, target);
        args.put(dnnl.DNNL_ARG_DST, new memory(all, onednn.cpu(), arrays.address(gradient)));
    }

    /**
     * Writes the gradient towards `t`, or returns false, having written nothing, where oneDNN cannot
     * read `t` as it reads the output: a dense float array of the same length.
     */
    boolean runOn(INDArray t) {
        if (t.length() != length || !Dnnl.runsOn(t)) {
            return false;
        }
        target.set_data_handle(arrays.rebind(0, t));
        pass.execute(onednn.queue(), args);
        onednn.queue()._wait();
        return true;
    }
}
