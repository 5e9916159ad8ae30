package dev.aec.runtime.fast;

import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.layers.Activate;
import dev.aec.compiler.layers.Conv2d;
import dev.aec.compiler.layers.Gaussian;
import dev.aec.compiler.layers.MaxPool;
import dev.aec.compiler.layers.Upsample;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Layer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every array of a training step for one batch size, allocated once, and the kernels bound to
 * them in execution order. Each layer kind binds its own kernels ({@link FastLayers}); the plan
 * decides what spans layers: which nodes run at all (those the loss depends on, see
 * {@link Dataflow}), where a gradient read by several layers is summed, an upsampling folded into
 * the convolution after it, a relu's gradient taken after max pooling, and an output whose loss
 * reads the logits. Flatten and reshape are views, so they cost nothing in either direction. A
 * layer's activation runs in place on its pre-activation buffer; only an output whose loss reads
 * the logits keeps the two apart.
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
    /** The activity penalties the loss adds, in graph order. */
    final List<ActivityPenalty> penalties = new ArrayList<>();
    /** The seed of this step's dropout masks and added noise, set before each forward pass. */
    final StepDraws draws = new StepDraws();
    private final List<Op> forward = new ArrayList<>();
    private final List<Op> backward = new ArrayList<>();

    /** One native call or a few, named for profiles: `Encoder/conv2d_1 conv2d`. */
    record Op(String label, Runnable run) {
    }

    /**
     * @param training whether the plan runs training steps or inference passes ({@link #infer}), where
     *                 dropout and noise pass their input on and the gaussian layer's noise stays zero
     */
    StepPlan(Graph graph, ParameterArrays params, boolean logitsOutput, int batch, DataType type, boolean training) {
        List<IrNode> nodes = graph.nodes();
        int n = nodes.size();
        int outSlot = Dataflow.slotOf(graph.outputNode());
        input = Nd4j.create(type, graph.input().withBatch(batch));
        noise = nodes.stream().filter(node -> node.layer() instanceof Gaussian).findFirst()
                .map(node -> Nd4j.create(type, batch, ((Gaussian) node.layer()).units()));

        // The upsamplings folded into the convolution reading them: that convolution reads the
        // upsampling's input instead, and the upsampling, read by nothing, is not computed.
        Dataflow written = flow(graph, logitsOutput);
        int[] absorbed = new int[n];
        Arrays.fill(absorbed, -1);
        List<List<Integer>> inputs = new ArrayList<>();
        for (IrNode node : nodes) {
            inputs.add(inputsOf(node));
            if (absorbedByReader(graph, written, node)) {
                absorbed[written.readers(Dataflow.slotOf(node.id())).get(0)] = node.id();
            }
        }
        for (int k = 0; k < n; k++) {
            if (absorbed[k] >= 0) {
                inputs.set(k, inputsOf(nodes.get(absorbed[k])));
            }
        }
        Dataflow flow = flow(graph, logitsOutput, inputs);

        // Arrays by slot (0 the input, k + 1 node k's output); none for a node the loss does not need.
        INDArray[] values = new INDArray[n + 1];
        INDArray[] preActivations = new INDArray[n + 1];
        values[Dataflow.INPUT] = input;
        preActivations[Dataflow.INPUT] = input;
        for (IrNode node : nodes) {
            int k = node.id();
            int s = Dataflow.slotOf(k);
            if (!flow.live(k)) {
                continue;
            }
            if (FastLayers.isView(node.layer())) {
                values[s] = values[inputs.get(k).get(0)].reshape('c', node.outShape().withBatch(batch));
                preActivations[s] = values[s];
                continue;
            }
            values[s] = Nd4j.create(type, node.outShape().withBatch(batch));
            if (foldedIntoLoss(graph, logitsOutput, node)) {
                preActivations[s] = values[inputs.get(k).get(0)];
            } else {
                preActivations[s] = logitsOutput && k == graph.outputNode() ? values[s].ulike() : values[s];
            }
        }
        // Zeros: a gaussian layer's output that the output does not depend on gets no gradient written.
        // An inference plan's backward ops never run, so its gradients are views of one scratch array
        // that the kernels are bound to: the plan then holds its activations about once, not twice.
        INDArray[] gradients = new INDArray[n + 1];
        Optional<INDArray> scratch = training ? Optional.empty()
                : Optional.of(Nd4j.create(type, largestGradient(nodes, flow, preActivations)));
        for (int k = 0; k < n; k++) {
            int s = Dataflow.slotOf(k);
            if (!flow.needsGradient(s)) {
                continue;
            }
            long[] shape = preActivations[s].shape();
            if (flow.gradientRoot(s) != s) {
                gradients[s] = gradients[inputs.get(k).get(0)].reshape('c', shape);
            } else if (scratch.isPresent()) {
                gradients[s] = scratch.get().get(NDArrayIndex.interval(0, preActivations[s].length())).reshape('c', shape);
            } else {
                gradients[s] = Nd4j.create(type, shape);
            }
        }

        boolean[] reluTaken = new boolean[n];
        for (IrNode node : nodes) {
            reluTaken[node.id()] = reluTakenByReader(graph, flow, node);
        }
        for (IrNode node : nodes) {
            int k = node.id();
            // Not a node the loss does not need, a view, nor an output activation folded into the loss.
            if (!flow.runs(k)) {
                continue;
            }
            int s = Dataflow.slotOf(k);
            List<INDArray> ins = new ArrayList<>();
            List<Optional<INDArray>> gradIns = new ArrayList<>();
            for (int i = 0; i < inputs.get(k).size(); i++) {
                int in = inputs.get(k).get(i);
                ins.add(values[in]);
                if (!flow.needsGradient(in)) {
                    gradIns.add(Optional.empty());
                } else if (!flow.adds(k, i)) {
                    gradIns.add(Optional.of(gradients[in]));
                } else {
                    // A reader that ran backward before this one wrote the gradient: this part goes
                    // to its own buffer and is added. Registered first, so it runs after the node.
                    INDArray part = gradients[in].ulike();
                    AddOp sum = new AddOp(gradients[in], part, gradients[in]);
                    gradIns.add(Optional.of(part));
                    backward.add(new Op(node.name() + " adds to the gradient of its input", () -> Nd4j.exec(sum)));
                }
            }
            NodeBinding b = new NodeBinding(node, ins, gradIns, values[s], preActivations[s],
                    Optional.ofNullable(gradients[s]), flow.gradientWritten(s), params, training, reluTaken[k],
                    noise, kernel -> gaussianKernel = kernel, penalties::add, draws, forward, backward);
            if (absorbed[k] >= 0) {
                bindUpsampledConv((Upsample) nodes.get(absorbed[k]).layer(), (Conv2d) node.layer(), b);
            } else {
                FastLayers.bind(node, b);
            }
            int in = inputs.get(k).get(0);
            if (node.layer() instanceof MaxPool && in != Dataflow.INPUT && reluTaken[in - 1]) {
                // Added after the pooling's backward op, so it runs before it (see reluTakenByReader).
                ActivationOps relu = new ActivationOps(nodes.get(in - 1).layer().appliedActivation().orElseThrow(),
                        values[s], gradients[s]);
                b.backward("relu of the pooled", relu::backward);
            }
        }
        gaussian = Optional.ofNullable(gaussianKernel);
        output = values[outSlot];
        lossInput = preActivations[outSlot];
        lossGradient = gradients[outSlot];
        if (logitsOutput) {
            // The loss reads the logits; the output's own activation (sigmoid, or softmax for a
            // classifier) only makes the output, and its gradient is folded into the loss's.
            IrNode last = nodes.get(graph.outputNode());
            ActivationKind kind = last.layer().appliedActivation().orElseThrow().kind();
            Runnable activation;
            if (kind == ActivationKind.SOFTMAX && lossInput.rank() == 2 && Dnnl.runsOn(lossInput, output)) {
                activation = new DnnlSoftmax(lossInput, output);
            } else if (kind == ActivationKind.SOFTMAX) {
                DynamicCustomOp softmax = DynamicCustomOp.builder("softmax").addInputs(lossInput).addOutputs(output).build();
                activation = () -> Nd4j.exec(softmax);
            } else if (Dnnl.runsOn(lossInput, output)) {
                activation = DnnlEltwise.outOfPlace(last.layer().appliedActivation().orElseThrow(), lossInput, output);
            } else {
                Sigmoid sigmoid = new Sigmoid(lossInput, output);
                activation = () -> Nd4j.exec(sigmoid);
            }
            forward.add(new Op(last.name() + " " + kind.keyword(), activation));
        }
    }

    void forward(INDArray x, Optional<INDArray> noiseValues) {
        takeInput(x);
        noise.ifPresent(n -> n.assign(noiseValues.orElseThrow(
                () -> new IllegalArgumentException("a model with a gaussian layer trains on drawn noise"))));
        for (Op op : forward) {
            op.run.run();
        }
    }

    /**
     * An inference pass of a plan built for it: the gaussian layer's noise buffer was never fed, so
     * its zeros make the sample the mean, as the graph's inference feeds them.
     */
    void infer(INDArray x) {
        takeInput(x);
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

    /**
     * Copies the batch into the plan's input: one memory copy when both are dense row-major arrays
     * of one type, as the trainer's gathered batches are. libnd4j's `assign` took 0.04-0.18 ms for
     * 100 x 784 floats (it walks the two shapes, [100, 784] into [100, 28, 28, 1]); the copy, 0.02.
     */
    void takeInput(INDArray x) {
        if (!NativeArrays.copy(x, input)) {
            input.assign(x);
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

    /** The values node k reads, as {@link Dataflow} slots, in order: one, or a merge's several. */
    static List<Integer> inputsOf(IrNode node) {
        return node.inputs().stream().map(Dataflow::slotOf).toList();
    }

    /** The length of the largest gradient a plan allocates: at least 1. */
    private static long largestGradient(List<IrNode> nodes, Dataflow flow, INDArray[] preActivations) {
        long largest = 1;
        for (IrNode node : nodes) {
            int s = Dataflow.slotOf(node.id());
            if (flow.needsGradient(s) && flow.gradientRoot(s) == s) {
                largest = Math.max(largest, preActivations[s].length());
            }
        }
        return largest;
    }

    /** The graph's flow as written: which nodes the loss needs, and how their gradients go back. */
    static Dataflow flow(Graph graph, boolean logitsOutput) {
        return flow(graph, logitsOutput, graph.nodes().stream().map(StepPlan::inputsOf).toList());
    }

    private static Dataflow flow(Graph graph, boolean logitsOutput, List<List<Integer>> inputs) {
        List<Dataflow.Node> flow = new ArrayList<>();
        for (IrNode node : graph.nodes()) {
            flow.add(new Dataflow.Node(inputs.get(node.id()), !node.params().isEmpty(),
                    FastLayers.isView(node.layer()) || foldedIntoLoss(graph, logitsOutput, node),
                    // The loss adds a gaussian layer's KL term or an activity penalty, whether or not
                    // the output reads the layer's value.
                    node.layer().addsToLoss()));
        }
        return Dataflow.of(flow, Dataflow.slotOf(graph.outputNode()));
    }

    /**
     * A standalone activation giving the output, when the loss reads the logits: the logits are its
     * input, and the gradient the loss writes is its input's. It runs no op of its own; the plan
     * computes the output from the logits.
     */
    private static boolean foldedIntoLoss(Graph graph, boolean logitsOutput, IrNode node) {
        return logitsOutput && node.id() == graph.outputNode() && node.layer() instanceof Activate;
    }

    /** Reads the upsampling's input and passes the gradient straight to it. */
    private static void bindUpsampledConv(Upsample upsample, Conv2d conv, NodeBinding b) {
        b.kernel(new UpsampledConvKernel(upsample, conv, b.in(), b.preActivation(), b.param("kernel"), b.bias(),
                b.gradient().orElseThrow(), b.paramGradient("kernel"), b.biasGradient(), b.gradIn()));
        b.activation(conv.activation());
    }

    /**
     * An upsampling whose only reader is a convolution that {@link UpsampledConvKernel} runs on the
     * small input: the upsampled array is never computed, nor its gradient.
     */
    static boolean absorbedByReader(Graph graph, Dataflow flow, IrNode node) {
        if (!(node.layer() instanceof Upsample up) || !flow.live(node.id()) || node.id() == graph.outputNode()) {
            return false;
        }
        List<Integer> readers = flow.readers(Dataflow.slotOf(node.id()));
        if (readers.size() != 1) {
            return false;
        }
        IrNode reader = graph.nodes().get(readers.get(0));
        return inputsOf(reader).size() == 1 && reader.layer() instanceof Conv2d conv
                && UpsampledConvKernel.covers(up, conv, node.inShape().dim(0), node.inShape().dim(1));
    }

    /**
     * A layer's own relu followed by max pooling, its only reader: its gradient is taken on the
     * pooled values, four times fewer on the tutorial's 2x2 pools (relu_bp took 1.6 ms on the first
     * 100x28x28x16 block). It is the same: a window whose maximum is 0 holds only zeros, where
     * relu' = 0; otherwise the maximum, which takes the window's gradient, is positive, where relu' = 1.
     */
    static boolean reluTakenByReader(Graph graph, Dataflow flow, IrNode node) {
        Layer layer = node.layer();
        int s = Dataflow.slotOf(node.id());
        if (layer instanceof Activate || !flow.live(node.id()) || node.id() == graph.outputNode()
                || !flow.needsGradient(s)
                || layer.appliedActivation().filter(a -> a.kind() == ActivationKind.RELU).isEmpty()) {
            return false;
        }
        List<Integer> readers = flow.readers(s);
        return readers.size() == 1 && graph.nodes().get(readers.get(0)).layer() instanceof MaxPool;
    }
}
