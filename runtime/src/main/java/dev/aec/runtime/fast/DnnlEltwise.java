package dev.aec.runtime.fast;

import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.ActivationKind;
import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.eltwise_backward;
import org.bytedeco.dnnl.eltwise_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A float activation and its gradient, in place, run by oneDNN's eltwise primitives. libnd4j's
 * legacy transforms took 4.6 ms for a leaky ReLU over 32 x 28 x 28 x 32 values and 6.8 ms for its
 * gradient, and 7.8 ms for a ReLU gradient before the denoiser's last transposed convolution; oneDNN
 * streams the same memory once with vector instructions on every thread. The gradient reads the
 * activation's output, as {@link ActivationOps} does (oneDNN's `*_use_dst_for_bwd` algorithms), so
 * a layer keeps one buffer for its pre-activation and its output.
 */
final class DnnlEltwise {
    private final stream stream;
    private final NativeArrays arrays = new NativeArrays();
    private final eltwise_forward forward;
    private final IntMemoryMap forwardArgs = new IntMemoryMap();
    private final eltwise_backward backward;
    private final IntMemoryMap backwardArgs = new IntMemoryMap();

    /**
     * @param value    the array the activation turns from pre-activation into output, in place
     * @param gradient the gradient of the output, turned into the pre-activation's in place
     */
    DnnlEltwise(Activation activation, INDArray value, INDArray gradient) {
        Dnnl onednn = Dnnl.CPU.orElseThrow(() -> new IllegalStateException("oneDNN did not load"));
        engine eng = onednn.cpu();
        this.stream = onednn.queue();
        // Any dense layout will do for an elementwise op: one axis of all the values.
        memory.desc data = new memory.desc(new long[] {value.length()}, memory.data_type.f32, memory.format_tag.x);
        dnnl.algorithm algorithm = algorithm(activation);
        float alpha = alpha(activation);
        eltwise_forward.primitive_desc forwardPd = new eltwise_forward.primitive_desc(
                new eltwise_forward.desc(dnnl.prop_kind.forward_training, algorithm, data, alpha, 0f), eng);
        this.forward = new eltwise_forward(forwardPd);
        memory values = new memory(data, eng, arrays.address(value));
        forwardArgs.put(dnnl.DNNL_ARG_SRC, values);
        forwardArgs.put(dnnl.DNNL_ARG_DST, values);
        this.backward = new eltwise_backward(new eltwise_backward.primitive_desc(
                new eltwise_backward.desc(algorithm, data, data, alpha, 0f), eng, forwardPd));
        memory gradients = new memory(data, eng, arrays.address(gradient));
        backwardArgs.put(dnnl.DNNL_ARG_DST, values);
        backwardArgs.put(dnnl.DNNL_ARG_DIFF_DST, gradients);
        backwardArgs.put(dnnl.DNNL_ARG_DIFF_SRC, gradients);
    }

    /**
     * The activation alone, from `from` into `to` (a model's output made from the logits its loss
     * reads, whose gradient the loss writes itself). libnd4j's sigmoid took 0.18 ms on the tutorial
     * conv autoencoder's 100 x 28x28 output, this 0.015 ms.
     */
    static Runnable outOfPlace(Activation activation, INDArray from, INDArray to) {
        Dnnl onednn = Dnnl.CPU.orElseThrow(() -> new IllegalStateException("oneDNN did not load"));
        NativeArrays arrays = new NativeArrays();
        memory.desc data = new memory.desc(new long[] {from.length()}, memory.data_type.f32, memory.format_tag.x);
        float alpha = alpha(activation);
        eltwise_forward pass = new eltwise_forward(new eltwise_forward.primitive_desc(
                new eltwise_forward.desc(dnnl.prop_kind.forward_inference, algorithm(activation), data, alpha, 0f),
                onednn.cpu()));
        IntMemoryMap args = new IntMemoryMap();
        args.put(dnnl.DNNL_ARG_SRC, new memory(data, onednn.cpu(), arrays.address(from)));
        args.put(dnnl.DNNL_ARG_DST, new memory(data, onednn.cpu(), arrays.address(to)));
        return new Runnable() {
            // Held with the primitive: oneDNN keeps only the arrays' addresses.
            private final NativeArrays held = arrays;

            @Override
            public void run() {
                pass.execute(onednn.queue(), args);
                onednn.queue()._wait();
            }
        };
    }

    /**
     * oneDNN's algorithm whose gradient reads the output: ReLU with slope alpha below zero is the
     * leaky ReLU, and its output has the input's sign for alpha > 0, as {@link ActivationOps} needs.
     */
    private static dnnl.algorithm algorithm(Activation activation) {
        return switch (activation.kind()) {
            case RELU, LEAKY_RELU -> dnnl.algorithm.eltwise_relu_use_dst_for_bwd;
            case SIGMOID -> dnnl.algorithm.eltwise_logistic_use_dst_for_bwd;
            case TANH -> dnnl.algorithm.eltwise_tanh_use_dst_for_bwd;
            default -> throw new IllegalArgumentException("no oneDNN kernel for the activation " + activation);
        };
    }

    /** The slope below zero, for the leaky ReLU; oneDNN's other algorithms here take none. */
    private static float alpha(Activation activation) {
        return activation.kind() == ActivationKind.LEAKY_RELU ? (float) activation.alpha() : 0f;
    }

    void forward() {
        forward.execute(stream, forwardArgs);
        stream._wait();
    }

    void backward() {
        backward.execute(stream, backwardArgs);
        stream._wait();
    }
}
