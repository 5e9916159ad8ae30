package dev.aec.runtime.train;

import dev.aec.compiler.model.Optimizer;
import dev.aec.runtime.fast.DnnlAdadelta;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdaDeltaUpdater;
import org.nd4j.linalg.api.ops.impl.updaters.AdaGradUpdater;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.api.ops.impl.updaters.NesterovsUpdater;
import org.nd4j.linalg.api.ops.impl.updaters.RmsPropUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Applies one optimizer step to every parameter, in place, with Keras's update rules (TF 2
 * optimizers). Where libnd4j has a fused updater op with the same rule it is used (one native call
 * per parameter instead of ten); the two rules it lacks (SGD momentum without Nesterov, RMSprop
 * with momentum) are written out. Adadelta on float parameters runs as oneDNN's vectorised passes
 * instead ({@link DnnlAdadelta}), three to five times faster than libnd4j's scalar loops. The
 * gradient array is consumed. Its state (moments, accumulators, the step count) can be saved and
 * restored, so an interrupted run resumes exactly.
 */
public final class ParameterUpdater {
    private final Optimizer spec;
    private final Map<String, INDArray> state = new LinkedHashMap<>();
    /** oneDNN's passes for each float parameter, built on its first step. */
    private final Map<String, DnnlAdadelta> kernels = new HashMap<>();
    private long step;
    /** The rate of the next steps: the optimizer's, unless a schedule sets another. */
    private double learningRate;

    public ParameterUpdater(Optimizer spec) {
        this.spec = spec;
        this.learningRate = spec.param("learning_rate");
    }

    /** Sets the learning rate of the next steps (a schedule's); the other parameters stay the optimizer's. */
    public void learningRate(double rate) {
        if (!(rate >= 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("learning rate must be finite and at least 0: " + rate);
        }
        this.learningRate = rate;
    }

    public double learningRate() {
        return learningRate;
    }

    /** Updates every parameter in `params` from its gradient in `gradients`. */
    public void apply(Map<String, INDArray> params, Map<String, INDArray> gradients) {
        step++;
        for (Map.Entry<String, INDArray> entry : params.entrySet()) {
            INDArray gradient = gradients.get(entry.getKey());
            if (gradient == null) {
                throw new IllegalStateException("no gradient for " + entry.getKey());
            }
            update(entry.getKey(), entry.getValue(), gradient);
        }
    }

    private void update(String name, INDArray p, INDArray g) {
        double lr = learningRate;
        switch (spec.kind()) {
            case ADADELTA -> {
                INDArray accumGrad = slot(name, "accum_grad", p, 0);
                INDArray accumVar = slot(name, "accum_var", p, 0);
                if (DnnlAdadelta.runs(p, g, accumGrad, accumVar)) {
                    DnnlAdadelta kernel = kernels.computeIfAbsent(name, k -> new DnnlAdadelta(p.length(), lr,
                            spec.param("rho"), spec.param("epsilon")));
                    kernel.learningRate(lr);
                    kernel.apply(p, g, accumGrad, accumVar);
                    return;
                }
                // The fused op turns g into Keras's Adadelta step (its learning rate is 1).
                Nd4j.exec(new AdaDeltaUpdater(g, accumGrad, accumVar, spec.param("rho"), spec.param("epsilon")));
                p.subi(lr == 1.0 ? g : g.muli(lr));
            }
            case ADAM -> {
                // libnd4j counts iterations from 0 and corrects with beta^(iteration + 1).
                Nd4j.exec(new AdamUpdater(g, slot(name, "v", p, 0), slot(name, "m", p, 0), lr,
                        spec.param("beta_1"), spec.param("beta_2"), spec.param("epsilon"), (int) (step - 1)));
                p.subi(g);
            }
            case SGD -> {
                double momentum = spec.param("momentum");
                boolean nesterov = spec.param("nesterov") != 0;
                if (momentum == 0) {
                    p.subi(g.muli(lr));
                } else if (nesterov) {
                    Nd4j.exec(new NesterovsUpdater(g, slot(name, "momentum", p, 0), lr, momentum));
                    p.subi(g);
                } else {
                    INDArray velocity = slot(name, "momentum", p, 0);
                    velocity.muli(momentum).subi(g.muli(lr));
                    p.addi(velocity);
                }
            }
            case RMSPROP -> {
                double rho = spec.param("rho");
                double momentum = spec.param("momentum");
                double eps = spec.param("epsilon");
                if (momentum == 0) {
                    Nd4j.exec(new RmsPropUpdater(g, slot(name, "rms", p, 0), lr, rho, eps));
                    p.subi(g);
                } else {
                    INDArray ms = slot(name, "rms", p, 0);
                    ms.muli(rho).addi(g.mul(g).muli(1 - rho));
                    INDArray stepSize = g.muli(lr).divi(Transforms.sqrt(ms, true).addi(eps));
                    INDArray mom = slot(name, "momentum", p, 0);
                    mom.muli(momentum).addi(stepSize);
                    p.subi(mom);
                }
            }
            case ADAGRAD -> {
                Nd4j.exec(new AdaGradUpdater(g, slot(name, "accumulator", p, spec.param("initial_accumulator_value")),
                        lr, spec.param("epsilon")));
                p.subi(g);
            }
        }
    }

    private INDArray slot(String param, String slot, INDArray like, double initial) {
        return state.computeIfAbsent(param + "#" + slot, k -> Nd4j.valueArrayOf(like.shape(), initial, like.dataType()));
    }

    /** Every state array by name, plus the step count; for checkpoints. */
    public Map<String, INDArray> state() {
        Map<String, INDArray> copy = new LinkedHashMap<>(state);
        copy.put("#step", Nd4j.scalar(step));
        return copy;
    }

    public void restore(Map<String, INDArray> saved) {
        state.clear();
        saved.forEach((k, v) -> {
            if (k.equals("#step")) {
                step = v.getLong(0);
            } else {
                state.put(k, v);
            }
        });
    }

    public long step() {
        return step;
    }
}
