package dev.aec.runtime.train;

import dev.aec.compiler.model.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Applies one optimizer step to every parameter, in place, with Keras's update rules (TF 2
 * optimizers). Its state (moments, accumulators, the step count) can be saved and restored, so an
 * interrupted run resumes exactly.
 */
public final class ParameterUpdater {
    private final Optimizer spec;
    private final Map<String, INDArray> state = new LinkedHashMap<>();
    private long step;

    public ParameterUpdater(Optimizer spec) {
        this.spec = spec;
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
        double lr = spec.param("learning_rate");
        switch (spec.kind()) {
            case ADADELTA -> {
                double rho = spec.param("rho");
                double eps = spec.param("epsilon");
                INDArray accGrad = slot(name, "accum_grad", p, 0);
                INDArray accVar = slot(name, "accum_var", p, 0);
                accGrad.muli(rho).addi(g.mul(g).muli(1 - rho));
                INDArray update = g.mul(Transforms.sqrt(accVar.add(eps), false))
                        .divi(Transforms.sqrt(accGrad.add(eps), false));
                p.subi(update.mul(lr));
                accVar.muli(rho).addi(update.muli(update).muli(1 - rho));
            }
            case ADAM -> {
                double b1 = spec.param("beta_1");
                double b2 = spec.param("beta_2");
                double eps = spec.param("epsilon");
                INDArray m = slot(name, "m", p, 0);
                INDArray v = slot(name, "v", p, 0);
                m.muli(b1).addi(g.mul(1 - b1));
                v.muli(b2).addi(g.mul(g).muli(1 - b2));
                double lrT = lr * Math.sqrt(1 - Math.pow(b2, step)) / (1 - Math.pow(b1, step));
                p.subi(m.mul(lrT).divi(Transforms.sqrt(v, true).addi(eps)));
            }
            case SGD -> {
                double momentum = spec.param("momentum");
                boolean nesterov = spec.param("nesterov") != 0;
                if (momentum == 0) {
                    p.subi(g.mul(lr));
                } else {
                    INDArray velocity = slot(name, "momentum", p, 0);
                    velocity.muli(momentum).subi(g.mul(lr));
                    if (nesterov) {
                        p.addi(velocity.mul(momentum).subi(g.mul(lr)));
                    } else {
                        p.addi(velocity);
                    }
                }
            }
            case RMSPROP -> {
                double rho = spec.param("rho");
                double momentum = spec.param("momentum");
                double eps = spec.param("epsilon");
                INDArray ms = slot(name, "rms", p, 0);
                ms.muli(rho).addi(g.mul(g).muli(1 - rho));
                INDArray step = g.mul(lr).divi(Transforms.sqrt(ms, true).addi(eps));
                if (momentum == 0) {
                    p.subi(step);
                } else {
                    INDArray mom = slot(name, "momentum", p, 0);
                    mom.muli(momentum).addi(step);
                    p.subi(mom);
                }
            }
            case ADAGRAD -> {
                double eps = spec.param("epsilon");
                INDArray acc = slot(name, "accumulator", p, spec.param("initial_accumulator_value"));
                acc.addi(g.mul(g));
                p.subi(g.mul(lr).divi(Transforms.sqrt(acc, true).addi(eps)));
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
