package dev.aec.runtime.fast;

import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.IrNode;
import dev.aec.compiler.model.ActivationKind;
import dev.aec.compiler.model.Layer;
import dev.aec.compiler.model.Loss;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.LossValue;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs the forward and backward pass of a compiled model with the op schedule and every buffer
 * fixed at compile time: no SameDiff session, no allocation per step, parameters and gradients
 * each in one flat buffer. The model stays a SameDiff graph: its variables are views of the flat
 * parameters, so saving, evaluating and generated code all see what this trains.
 *
 * <p>It covers a DAG of the layers that {@link FastLayers} lowers, with the activations and losses
 * whose gradients it computes by hand; {@link #unsupported} says why anything else goes to SameDiff's own loop.
 */
public final class FastExecutor {
    private final CompiledModel model;
    private final Loss loss;
    private final FlatParameters params;
    private final DataType type;
    private final Map<Integer, StepPlan> plans = new HashMap<>();
    /** Each plan's loss gradient on oneDNN, or empty where its arrays are not float. */
    private final Map<StepPlan, Optional<DnnlLossGradient>> onednnLossGradients = new java.util.IdentityHashMap<>();
    private long drawSeed;

    private FastExecutor(CompiledModel model, Loss loss) {
        this.model = model;
        this.loss = loss;
        this.params = FlatParameters.adopt(model.sameDiff(), model.paramNames(), model.nonTrainableNames());
        this.type = params.values().dataType();
    }

    /** Why this model and loss cannot run here, or empty when they can. */
    public static Optional<String> unsupported(CompiledModel model, Loss loss) {
        Graph graph = model.graph();
        if (graph.outputNode() == IrNode.GRAPH_INPUT) {
            return Optional.of("the output is the input");
        }
        // Only the layers the loss depends on run; a branch whose value is never used is skipped.
        Dataflow flow = StepPlan.flow(graph, model.lossFromLogits());
        int outputSlot = Dataflow.slotOf(graph.outputNode());
        for (IrNode node : graph.nodes()) {
            if (!flow.live(node.id())) {
                continue;
            }
            Optional<String> kind = FastLayers.unsupported(node);
            if (kind.isPresent()) {
                return kind;
            }
            if (model.lossFromLogits() && StepPlan.inputsOf(node).contains(outputSlot)) {
                // It would pass back a gradient of the output, where the loss writes the logits'.
                return Optional.of(node.name() + " reads the output, whose loss reads the logits");
            }
            Layer layer = node.layer();
            // A classifier's softmax output is folded into its cross-entropy, which reads the logits.
            boolean foldedSoftmax = node.id() == graph.outputNode() && loss == Loss.CATEGORICAL_CROSSENTROPY
                    && model.lossFromLogits() && node.outShape().rank() == 1;
            Optional<String> activation = layer.appliedActivation()
                    .filter(a -> !ActivationOps.SUPPORTED.contains(a.kind())
                            || a.kind() == ActivationKind.LEAKY_RELU && a.alpha() <= 0)
                    .filter(a -> !(a.kind() == ActivationKind.SOFTMAX && foldedSoftmax))
                    .map(a -> "no fast kernel for the activation " + a);
            if (activation.isPresent()) {
                return activation;
            }
        }
        if (loss == Loss.CATEGORICAL_CROSSENTROPY && !model.lossFromLogits()) {
            return Optional.of("categorical cross-entropy on a non-softmax output");
        }
        if (loss == Loss.BINARY_CROSSENTROPY && !model.lossFromLogits()) {
            return Optional.of("binary cross-entropy on a non-sigmoid output");
        }
        return Optional.empty();
    }

    /** Takes over the model's parameters (the graph's variables become views of one buffer). */
    public static FastExecutor adopt(CompiledModel model, Loss loss) {
        Optional<String> reason = unsupported(model, loss);
        if (reason.isPresent()) {
            throw new IllegalArgumentException("the fast executor cannot run this model: " + reason.get());
        }
        return new FastExecutor(model, loss);
    }

    /**
     * Forward and backward on one batch; the parameter gradients are then in {@link #gradients()}.
     * Returns the batch's loss with `measureLoss`, else NaN (the loss's value is not needed for
     * its gradient, and computing it costs a pass over the output).
     */
    public double step(INDArray x, INDArray target, boolean measureLoss) {
        return step(x, target, Optional.empty(), measureLoss);
    }

    /** As {@link #step(INDArray, INDArray, boolean)}, with the gaussian layer's noise when the model has one. */
    public double step(INDArray x, INDArray target, Optional<INDArray> noise, boolean measureLoss) {
        StepPlan plan = plans.computeIfAbsent((int) x.size(0),
                batch -> new StepPlan(model.graph(), params, model.lossFromLogits(), batch, type, true));
        plan.draws.seed(drawSeed);
        plan.forward(x, noise);
        INDArray t = target.reshape(plan.output.shape());
        double value = measureLoss ? measuredLoss(plan, t) : Double.NaN;
        lossGradient(plan, t);
        plan.backward();
        return value;
    }

    /**
     * Seeds the next steps' random draws (dropout masks, added noise): the executor runs training
     * steps, so those layers always draw; a step repeats exactly under the same seed.
     */
    public void seedDraws(long seed) {
        drawSeed = seed;
    }

    /**
     * Where a step's time goes: milliseconds per step in each op, forward then backward, measured
     * over `steps` steps on the batch `x` (each op timed alone, so the sum exceeds a real step).
     */
    public Map<String, Double> profile(INDArray x, int steps) {
        return profile(x, x, steps);
    }

    /** As {@link #profile(INDArray, int)}, towards `target` (a classifier's one-hot labels). */
    public Map<String, Double> profile(INDArray x, INDArray target, int steps) {
        StepPlan plan = plans.computeIfAbsent((int) x.size(0),
                batch -> new StepPlan(model.graph(), params, model.lossFromLogits(), batch, type, true));
        Map<String, Double> ms = new java.util.LinkedHashMap<>();
        INDArray t = target.reshape(plan.output.shape());
        for (int i = 0; i < steps; i++) {
            time(ms, "input copy", () -> plan.takeInput(x));
            for (StepPlan.Op op : plan.forwardOps()) {
                time(ms, "forward  " + op.label(), op.run());
            }
            time(ms, "loss gradient", () -> lossGradient(plan, t));
            for (StepPlan.Op op : plan.backwardOps()) {
                time(ms, "backward " + op.label(), op.run());
            }
        }
        ms.replaceAll((k, v) -> v / steps);
        return ms;
    }

    private static void time(Map<String, Double> ms, String label, Runnable run) {
        long start = System.nanoTime();
        run.run();
        ms.merge(label, (System.nanoTime() - start) / 1e6, Double::sum);
    }

    /**
     * The loss as the graph defines it: the reconstruction times its scale, plus beta times the KL
     * term, plus the activity penalties.
     */
    private double measuredLoss(StepPlan plan, INDArray target) {
        double value = LossValue.of(loss, model.lossFromLogits(), plan.lossInput, target) * model.lossScale();
        if (plan.gaussian.isPresent()) {
            GaussianKernel gaussian = plan.gaussian.get();
            value += model.latent().orElseThrow().beta() * LossValue.kl(gaussian.mean(), gaussian.logVar());
        }
        for (ActivityPenalty penalty : plan.penalties) {
            value += penalty.loss();
        }
        return value;
    }

    /**
     * The gradient of the loss (a per-element mean, per sample for categorical cross-entropy, times
     * the model's loss scale) with respect to what the loss reads.
     */
    private void lossGradient(StepPlan plan, INDArray target) {
        INDArray g = plan.lossGradient;
        double n = g.length() / model.lossScale();
        if (loss == Loss.CATEGORICAL_CROSSENTROPY) {
            // On logits, d/dz of -sum(t log softmax(z)) = softmax(z) sum(t) - t (sum(t) = 1 for one-hot labels).
            if (!softmaxCrossEntropyOnHeap(plan.output, target, g, model.lossScale() / g.size(0))) {
                Nd4j.exec(new SubOp(plan.output.mulColumnVector(target.sum(true, 1)), target, g));
                g.muli(model.lossScale() / g.size(0));
            }
            return;
        }
        // On logits, d(BCE)/dz = sigmoid(z) - t; for MSE, d/dy = 2 (y - t); for MAE, sign(y - t).
        if (loss == Loss.BINARY_CROSSENTROPY || loss == Loss.MSE) {
            double scale = (loss == Loss.MSE ? 2.0 : 1.0) / n;
            Optional<DnnlLossGradient> pass = onednnLossGradients.computeIfAbsent(plan,
                    p -> Dnnl.runsOn(p.output, g) ? Optional.of(new DnnlLossGradient(p.output, g, scale))
                            : Optional.empty());
            if (pass.isPresent() && pass.get().runOn(target)) {
                return;
            }
        }
        Nd4j.exec(new SubOp(plan.output, target, g));
        switch (loss) {
            case BINARY_CROSSENTROPY -> g.muli(1.0 / n);
            case MSE -> g.muli(2.0 / n);
            case MAE -> {
                Nd4j.exec(new Sign(g, g));
                g.muli(1.0 / n);
            }
            case CATEGORICAL_CROSSENTROPY -> throw new IllegalStateException("handled above");
        }
    }

    /**
     * A classifier's loss gradient in float, on the heap: its output is small (100 x 10 for MNIST),
     * where libnd4j's four ops and the temporaries they allocate took 0.49 ms a step. The same float
     * arithmetic: `(y sum(t) - t) scale`. Returns false, having written nothing, for arrays that are
     * not whole float buffers of their own (double, in tests, stays with libnd4j).
     */
    private static boolean softmaxCrossEntropyOnHeap(INDArray output, INDArray target, INDArray g, double scale) {
        if (!wholeFloat(output) || !wholeFloat(target) || !wholeFloat(g) || target.length() != g.length()) {
            return false;
        }
        int rows = (int) g.size(0);
        int classes = (int) (g.length() / rows);
        float[] y = output.data().asFloat();
        float[] t = target.data().asFloat();
        float[] gradient = new float[y.length];
        float factor = (float) scale;
        for (int r = 0; r < rows; r++) {
            float sum = 0;
            for (int c = 0; c < classes; c++) {
                sum += t[r * classes + c];
            }
            for (int c = 0; c < classes; c++) {
                int i = r * classes + c;
                gradient[i] = (y[i] * sum - t[i]) * factor;
            }
        }
        g.data().setData(gradient);
        return true;
    }

    private static boolean wholeFloat(INDArray a) {
        return NativeArrays.dense(a) && a.offset() == 0 && a.data().length() == a.length();
    }

    /** All parameters, flat, in the graph's parameter order; updated in place by the optimizer. */
    public INDArray parameters() {
        return params.values();
    }

    /** The last step's gradients, laid out as {@link #parameters()}. */
    public INDArray gradients() {
        return params.gradients();
    }

    /** One parameter's gradient from the last step, shaped as the parameter (for tests). */
    public INDArray gradient(String name) {
        return params.gradient(name);
    }
}
