package dev.aec.runtime.fast;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.softmax_forward;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A classifier's softmax over each row, from its logits into its output, run by oneDNN: the loss
 * reads the logits and writes their gradient itself (see {@link FastExecutor}), so only the forward
 * pass is needed. libnd4j's `softmax` op took 0.11 ms for the MNIST classifier's 64 x 10 output, a
 * thirtieth of its step.
 */
final class DnnlSoftmax implements Runnable {
    private final NativeArrays arrays = new NativeArrays();
    private final Dnnl onednn;
    private final softmax_forward pass;
    private final IntMemoryMap args = new IntMemoryMap();

    /** @param from the logits [rows, classes]; @param to the output, shaped alike */
    DnnlSoftmax(INDArray from, INDArray to) {
        if (from.rank() != 2 || !java.util.Arrays.equals(from.shape(), to.shape())) {
            throw new IllegalArgumentException("a softmax over rows takes [rows, classes] arrays of one shape");
        }
        this.onednn = Dnnl.CPU.orElseThrow(() -> new IllegalStateException("oneDNN did not load"));
        memory.desc rows = new memory.desc(from.shape(), memory.data_type.f32, memory.format_tag.nc);
        this.pass = new softmax_forward(new softmax_forward.primitive_desc(
                new softmax_forward.desc(dnnl.prop_kind.forward_inference, rows, 1), onednn.cpu()));
        args.put(dnnl.DNNL_ARG_SRC, new memory(rows, onednn.cpu(), arrays.address(from)));
        args.put(dnnl.DNNL_ARG_DST, new memory(rows, onednn.cpu(), arrays.address(to)));
    }

    @Override
    public void run() {
        pass.execute(onednn.queue(), args);
        onednn.queue()._wait();
    }
}
