package dev.aec.runtime.fast;

import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.ir.Param;
import dev.aec.compiler.model.Activation;
import dev.aec.compiler.model.ActivationKind;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One node of a step plan as a {@link FastLayer} sees it: the arrays it reads and writes, allocated
 * once by the plan, and where its ops go. Ops are a tape: each forward op is added in the order it
 * runs, and each backward op next to the forward op it undoes; the plan runs the backward ops in
 * reverse, so a layer's activation gradient runs before its kernel's backward pass.
 */
final class NodeBinding {
    private final IrNode node;
    private final List<INDArray> inputs;
    private final List<Optional<INDArray>> inputGradients;
    private final INDArray value;
    private final INDArray preActivation;
    private final Optional<INDArray> gradient;
    private final boolean gradientWritten;
    private final ParameterArrays params;
    private final boolean training;
    private final boolean activationGradientTakenByReader;
    private final Optional<INDArray> noise;
    private final Consumer<GaussianKernel> gaussianSink;
    private final Consumer<ActivityPenalty> penaltySink;
    private final StepDraws draws;
    private final List<StepPlan.Op> forward;
    private final List<StepPlan.Op> backward;

    /**
     * @param inputGradients per input, where this node writes that input's gradient: empty when no
     *                       parameter before it needs one
     * @param gradient       the gradient of the output (of the pre-activation once the node's own
     *                       activation has run backward), empty when nothing needs it
     * @param gradientWritten whether the loss or a reader writes the output's gradient before this
     *                       node runs backward (else a loss term of its own writes it)
     * @param training       whether the plan runs training steps (dropout drops, noise is added) or
     *                       inference (both pass their input on, as SameDiff's graph with its flag at 0)
     * @param activationGradientTakenByReader whether the node's reader takes its activation's
     *                       gradient (relu then max pooling, see StepPlan)
     */
    NodeBinding(IrNode node, List<INDArray> inputs, List<Optional<INDArray>> inputGradients, INDArray value,
                INDArray preActivation, Optional<INDArray> gradient, boolean gradientWritten,
                ParameterArrays params, boolean training, boolean activationGradientTakenByReader,
                Optional<INDArray> noise, Consumer<GaussianKernel> gaussianSink,
                Consumer<ActivityPenalty> penaltySink, StepDraws draws, List<StepPlan.Op> forward,
                List<StepPlan.Op> backward) {
        this.node = node;
        this.inputs = List.copyOf(inputs);
        this.inputGradients = List.copyOf(inputGradients);
        this.value = value;
        this.preActivation = preActivation;
        this.gradient = gradient;
        this.gradientWritten = gradientWritten;
        this.params = params;
        this.training = training;
        this.activationGradientTakenByReader = activationGradientTakenByReader;
        this.noise = noise;
        this.gaussianSink = gaussianSink;
        this.penaltySink = penaltySink;
        this.draws = draws;
        this.forward = forward;
        this.backward = backward;
    }

    IrNode node() {
        return node;
    }

    /** The value the node reads, for a node of one input. */
    INDArray in() {
        return only(inputs);
    }

    /** Where the node writes its input's gradient, for a node of one input; empty when none is needed. */
    Optional<INDArray> gradIn() {
        return only(inputGradients);
    }

    INDArray in(int i) {
        return inputs.get(i);
    }

    Optional<INDArray> gradIn(int i) {
        return inputGradients.get(i);
    }

    /** The node's output, after its activation. */
    INDArray value() {
        return value;
    }

    /**
     * Where the node's linear part writes: the output itself, whose activation then runs in place,
     * except for an output whose loss reads the logits.
     */
    INDArray preActivation() {
        return preActivation;
    }

    Optional<INDArray> gradient() {
        return gradient;
    }

    /** The parameter `name` (`kernel`, `mean_bias`) of this node: a view of the flat parameters. */
    INDArray param(String name) {
        return params.value(paramName(name));
    }

    INDArray paramGradient(String name) {
        return params.gradient(paramName(name));
    }

    Optional<INDArray> bias() {
        return biasName().map(params::value);
    }

    Optional<INDArray> biasGradient() {
        return biasName().map(params::gradient);
    }

    /** Whether the node's backward pass has anything to compute: a parameter's or an input's gradient. */
    boolean passesGradient() {
        return !node.params().isEmpty() || inputGradients.stream().anyMatch(Optional::isPresent);
    }

    /** A kernel's forward op, and its backward op when it has a gradient to compute; labelled with the kind. */
    void kernel(Kernel kernel) {
        forward(node.layer().kind(), kernel::forward);
        if (passesGradient()) {
            backward(node.layer().kind(), kernel::backward);
        }
    }

    /** The node's own activation, in place on its output, unless its output's loss reads the logits. */
    void activation(Activation activation) {
        if (preActivation != value) {
            return;
        }
        ActivationOps ops = new ActivationOps(activation, value, gradient.orElseGet(value::ulike));
        String label = activation.kind().keyword();
        forward(label, ops::forward);
        if (gradient.isPresent() && !activationGradientTakenByReader) {
            backward(label, ops::backward);
        }
    }

    /**
     * Keras's L1 activity penalty on the node's output, after its activation: the plan's measured loss
     * adds it, and its gradient joins the output's before the activation's gradient runs (added after
     * the activation, so its backward op runs before it). On an output whose loss reads the logits,
     * the loss has written the logits' gradient, and the penalty's joins it through the activation.
     */
    void activityL1(double l1) {
        Optional<ActivationKind> throughActivation = preActivation == value ? Optional.empty()
                : Optional.of(node.layer().appliedActivation().orElseThrow().kind());
        ActivityPenalty penalty = new ActivityPenalty(value, gradient.orElseThrow(), l1, gradientWritten,
                throughActivation);
        penaltySink.accept(penalty);
        backward("activity_l1", penalty::backward);
    }

    /** A forward op, labelled `name what` in profiles. */
    void forward(String what, Runnable op) {
        forward.add(new StepPlan.Op(node.name() + " " + what, op));
    }

    /** The backward op of the forward op added last (see the class comment for the order). */
    void backward(String what, Runnable op) {
        backward.add(new StepPlan.Op(node.name() + " " + what, op));
    }

    /** The buffer a gaussian layer's noise is fed into each step. */
    INDArray noise() {
        return noise.orElseThrow(() -> new IllegalStateException(node.name() + " has no noise buffer"));
    }

    /** Hands the plan a gaussian layer's kernel, whose mean and log-variance the measured loss reads. */
    void gaussian(GaussianKernel kernel) {
        gaussianSink.accept(kernel);
    }

    /** Whether the plan runs training steps rather than inference. */
    boolean training() {
        return training;
    }

    /** The seed of the running step's random draws (dropout, noise), read when a forward op runs. */
    StepDraws draws() {
        return draws;
    }

    private String paramName(String name) {
        return node.params().stream().map(Param::name).filter(p -> p.endsWith("/" + name)).findFirst()
                .orElseThrow(() -> new IllegalStateException(node.name() + " has no " + name));
    }

    private Optional<String> biasName() {
        return node.params().stream().map(Param::name).filter(p -> p.endsWith("/bias")).findFirst();
    }

    private <T> T only(List<T> list) {
        if (list.size() != 1) {
            throw new IllegalStateException(node.name() + " reads " + list.size() + " values, not one");
        }
        return list.get(0);
    }
}
