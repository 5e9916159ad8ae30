package dev.aec.runtime.fast;

import dev.aec.compiler.layers.Activate;
import dev.aec.compiler.layers.Conv2d;
import dev.aec.compiler.layers.Dense;
import dev.aec.compiler.layers.Flatten;
import dev.aec.compiler.layers.Gaussian;
import dev.aec.compiler.layers.MaxPool;
import dev.aec.compiler.layers.Reshape;
import dev.aec.compiler.layers.Upsample;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.ir.Param;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every array of a training step for one batch size, allocated once, and the kernels bound to
 * them in execution order. Flatten and reshape are views, so they cost nothing in either direction.
 * A layer's activation runs in place on its pre-activation buffer; only a sigmoid output whose loss
 * reads the logits keeps the two apart.
 */
final class StepPlan {
    final INDArray input;
    final INDArray output;
    /** What the loss reads: the logits when the loss is on logits, else the output. */
    final INDArray lossInput;
    /** Where the loss writes its gradient: of the logits, or of the output. */
    final INDArray lossGradient;
    /** A VAE's gaussian layer and the buffer its noise is fed into, each step. */
    final Optional<GaussianKernel> gaussian;
    final Optional<INDArray> noise;
    private GaussianKernel gaussianKernel;
    private final List<Op> forward = new ArrayList<>();
    private final List<Op> backward = new ArrayList<>();

    /** One native call or a few, named for profiles: `Encoder/conv2d_1 conv2d`. */
    record Op(String label, Runnable run) {
    }

    StepPlan(Graph graph, FlatParameters params, boolean logitsOutput, int batch, DataType type) {
        List<IrNode> nodes = graph.nodes();
        int n = nodes.size();
        input = Nd4j.create(type, graph.input().withBatch(batch));
        noise = nodes.stream().filter(node -> node.layer() instanceof Gaussian).findFirst()
                .map(node -> Nd4j.create(type, batch, ((Gaussian) node.layer()).units()));
        INDArray[] values = new INDArray[n];
        INDArray[] preActivations = new INDArray[n];
        for (IrNode node : nodes) {
            int k = node.id();
            INDArray in = inputOf(node, values);
            values[k] = isView(node.layer()) ? in.reshape('c', node.outShape().withBatch(batch))
                    : Nd4j.create(type, node.outShape().withBatch(batch));
            preActivations[k] = logitsOutput && k == graph.outputNode() ? values[k].ulike() : values[k];
        }
        // A node's output gradient is needed when a parameter lies at or before it.
        boolean[] needsGradient = new boolean[n];
        boolean seenParams = false;
        for (IrNode node : nodes) {
            seenParams |= !node.params().isEmpty();
            needsGradient[node.id()] = seenParams;
        }
        INDArray[] gradients = new INDArray[n];
        for (int k = n - 1; k >= 0; k--) {
            IrNode node = nodes.get(k);
            if (!needsGradient[k]) {
                continue;
            }
            if (gradients[k] == null) {
                gradients[k] = preActivations[k].ulike();
            }
            if (isView(node.layer()) && node.input() != IrNode.GRAPH_INPUT && needsGradient[node.input()]) {
                gradients[node.input()] = gradients[k].reshape('c', values[node.input()].shape());
            }
        }
        for (IrNode node : nodes) {
            if (!isView(node.layer()) && !absorbedByNext(graph, node)) {
                bind(graph, node, params, values, preActivations, gradients, needsGradient);
            }
        }
        gaussian = Optional.ofNullable(gaussianKernel);
        output = values[graph.outputNode()];
        lossInput = preActivations[graph.outputNode()];
        lossGradient = gradients[graph.outputNode()];
        if (logitsOutput) {
            // The loss reads the logits; the output's own activation (sigmoid, or softmax for a
            // classifier) only makes the output, and its gradient is folded into the loss's.
            IrNode last = nodes.get(graph.outputNode());
            ActivationKind kind = last.layer().appliedActivation().orElseThrow().kind();
            Runnable activation;
            if (kind == ActivationKind.SOFTMAX) {
                DynamicCustomOp softmax = DynamicCustomOp.builder("softmax").addInputs(lossInput).addOutputs(output).build();
                activation = () -> Nd4j.exec(softmax);
            } else {
                Sigmoid sigmoid = new Sigmoid(lossInput, output);
                activation = () -> Nd4j.exec(sigmoid);
            }
            forward.add(new Op(last.name() + " " + kind.keyword(), activation));
        }
    }

    void forward(INDArray x, Optional<INDArray> noiseValues) {
        input.assign(x);
        noise.ifPresent(n -> n.assign(noiseValues.orElseThrow(
                () -> new IllegalArgumentException("a model with a gaussian layer trains on drawn noise"))));
        for (Op op : forward) {
            op.run.run();
        }
    }

    /** Runs after the loss has written {@link #lossGradient}; leaves the parameter gradients. */
    void backward() {
        for (int i = backward.size() - 1; i >= 0; i--) {
            backward.get(i).run.run();
        }
    }

    List<Op> forwardOps() {
        return forward;
    }

    /** In the order they run. */
    List<Op> backwardOps() {
        List<Op> ops = new ArrayList<>(backward);
        java.util.Collections.reverse(ops);
        return ops;
    }

    private void bind(Graph graph, IrNode node, FlatParameters params, INDArray[] values, INDArray[] preActivations,
                      INDArray[] gradients, boolean[] needsGradient) {
        int k = node.id();
        INDArray in = inputOf(node, values);
        boolean inputNeedsGradient = node.input() != IrNode.GRAPH_INPUT && needsGradient[node.input()];
        Optional<INDArray> gradIn = inputNeedsGradient ? Optional.of(gradients[node.input()]) : Optional.empty();
        Layer layer = node.layer();
        List<IrNode> nodes = graph.nodes();
        Kernel kernel;
        if (layer instanceof Dense dense) {
            kernel = new DenseKernel(in, preActivations[k], params.value(param(node, "kernel")),
                    bias(node, params::value), gradients[k], params.gradient(param(node, "kernel")),
                    bias(node, params::gradient), gradIn);
        } else if (layer instanceof Gaussian g) {
            String[] names = {"mean_kernel", "mean_bias", "log_var_kernel", "log_var_bias"};
            INDArray[] values4 = new INDArray[4];
            INDArray[] gradients4 = new INDArray[4];
            for (int i = 0; i < 4; i++) {
                values4[i] = params.value(param(node, names[i]));
                gradients4[i] = params.gradient(param(node, names[i]));
            }
            gaussianKernel = new GaussianKernel(in, preActivations[k], noise.orElseThrow(), values4, gradients4,
                    gradients[k], gradIn, g.beta());
            kernel = gaussianKernel;
        } else if (layer instanceof Conv2d conv && node.input() != IrNode.GRAPH_INPUT
                && absorbedByNext(graph, nodes.get(node.input()))) {
            // Reads the upsampling's input and passes the gradient straight to it.
            IrNode upsample = nodes.get(node.input());
            Optional<INDArray> gradSmall = upsample.input() != IrNode.GRAPH_INPUT && needsGradient[upsample.input()]
                    ? Optional.of(gradients[upsample.input()]) : Optional.empty();
            kernel = new UpsampledConvKernel((Upsample) upsample.layer(), conv, inputOf(upsample, values),
                    preActivations[k], params.value(param(node, "kernel")), bias(node, params::value), gradients[k],
                    params.gradient(param(node, "kernel")), bias(node, params::gradient), gradSmall);
        } else if (layer instanceof Conv2d conv) {
            kernel = ConvKernel.of(conv, in, preActivations[k], params.value(param(node, "kernel")),
                    bias(node, params::value), gradients[k], params.gradient(param(node, "kernel")),
                    bias(node, params::gradient), gradIn);
        } else if (layer instanceof MaxPool pool) {
            kernel = new PoolKernel(pool, in, values[k], gradients[k], gradIn.orElse(null));
            if (gradIn.isPresent() && reluTakenByNext(graph, nodes.get(node.input()))) {
                // Registered after the pooling's backward op, so it runs before it (see reluTakenByNext).
                forward.add(new Op(node.name() + " " + layer.kind(), kernel::forward));
                backward.add(new Op(node.name() + " " + layer.kind(), kernel::backward));
                ActivationOps relu = new ActivationOps(nodes.get(node.input()).layer().appliedActivation().get(),
                        values[k], gradients[k]);
                backward.add(new Op(node.name() + " relu of the pooled", relu::backward));
                return;
            }
        } else if (layer instanceof Upsample up) {
            kernel = new UpsampleKernel(up, in, values[k], gradients[k], gradIn.orElse(null));
        } else if (layer instanceof Activate activate) {
            INDArray out = values[k];
            ActivationOps ops = new ActivationOps(activate.activation(), out, gradIn.orElse(out.ulike()));
            forward.add(new Op(node.name() + " " + layer.kind(), () -> {
                out.assign(in);
                ops.forward();
            }));
            if (inputNeedsGradient) {
                INDArray gradOut = gradients[k];
                INDArray g = gradIn.get();
                backward.add(new Op(node.name() + " " + layer.kind(), () -> {
                    g.assign(gradOut);
                    ops.backward();
                }));
            }
            return;
        } else {
            throw new IllegalStateException("no fast kernel for " + layer.kind());
        }
        forward.add(new Op(node.name() + " " + layer.kind(), kernel::forward));
        if (inputNeedsGradient || !node.params().isEmpty()) {
            backward.add(new Op(node.name() + " " + layer.kind(), kernel::backward));
        }
        // The layer's own activation; a sigmoid output on logits is applied after the last layer.
        boolean logits = preActivations[k] != values[k];
        if (!logits && layer.appliedActivation().isPresent()) {
            ActivationOps ops = new ActivationOps(layer.appliedActivation().get(), values[k], gradients[k]);
            String label = node.name() + " " + layer.appliedActivation().get().kind().keyword();
            forward.add(new Op(label, ops::forward));
            if (!reluTakenByNext(graph, node)) {
                backward.add(new Op(label, ops::backward));
            }
        }
    }

    /**
     * An upsampling whose only reader is a convolution that {@link UpsampledConvKernel} runs on the
     * small input: the upsampled array is never computed, nor its gradient.
     */
    static boolean absorbedByNext(Graph graph, IrNode node) {
        List<IrNode> nodes = graph.nodes();
        if (!(node.layer() instanceof Upsample up) || node.id() + 1 >= nodes.size()) {
            return false;
        }
        IrNode next = nodes.get(node.id() + 1);
        return next.input() == node.id() && next.layer() instanceof Conv2d conv
                && UpsampledConvKernel.covers(up, conv, node.inShape().dim(0), node.inShape().dim(1));
    }

    /**
     * A layer's own relu followed by max pooling: its gradient is taken on the pooled values, four
     * times fewer on the tutorial's 2x2 pools (relu_bp took 1.6 ms on the first 100x28x28x16 block).
     * It is the same: a window whose maximum is 0 holds only zeros, where relu' = 0; otherwise the
     * maximum, which takes the window's gradient, is positive, where relu' = 1.
     */
    static boolean reluTakenByNext(Graph graph, IrNode node) {
        List<IrNode> nodes = graph.nodes();
        Layer layer = node.layer();
        if (layer instanceof Activate || node.id() + 1 >= nodes.size() || node.id() == graph.outputNode()
                || layer.appliedActivation().filter(a -> a.kind() == ActivationKind.RELU).isEmpty()) {
            return false;
        }
        IrNode next = nodes.get(node.id() + 1);
        return next.input() == node.id() && next.layer() instanceof MaxPool;
    }

    private INDArray inputOf(IrNode node, INDArray[] values) {
        return node.input() == IrNode.GRAPH_INPUT ? input : values[node.input()];
    }

    static boolean isView(Layer layer) {
        return layer instanceof Flatten || layer instanceof Reshape;
    }

    private static String param(IrNode node, String suffix) {
        return node.params().stream().map(Param::name).filter(p -> p.endsWith("/" + suffix)).findFirst()
                .orElseThrow(() -> new IllegalStateException(node.name() + " has no " + suffix));
    }

    private static Optional<INDArray> bias(IrNode node, java.util.function.Function<String, INDArray> lookup) {
        return node.params().stream().map(Param::name).filter(p -> p.endsWith("/bias")).findFirst().map(lookup);
    }
}
