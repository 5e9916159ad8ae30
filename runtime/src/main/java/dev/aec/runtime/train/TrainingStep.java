package dev.aec.runtime.train;

import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Optimizer;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.Nd4jEnvironment;
import dev.aec.runtime.backend.Nd4jUpdaters;
import dev.aec.runtime.backend.LossValue;
import dev.aec.runtime.fast.FastExecutor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;

/** One optimizer step on a batch: inputs, and the targets the outputs should match. */
public sealed interface TrainingStep {
    /**
     * One step on inputs `x` with targets `y` (`x` itself for a plain autoencoder). With
     * `measureLoss` it returns the batch's loss before the step; without, it may return NaN and
     * skip the measuring (it costs SameDiff's own loop 15-25%).
     */
    double run(INDArray x, INDArray y, boolean measureLoss);

    /** One step of an autoencoder without noise: the targets are the inputs. */
    default double run(INDArray x, boolean measureLoss) {
        return run(x, x, measureLoss);
    }

    /** True when the optimizer state lives inside the SameDiff graph (saved with it). */
    boolean stateInGraph();

    /** aec's optimizer, whose state a checkpoint saves beside the graph; empty for SameDiff's. */
    default Optional<ParameterUpdater> ownUpdater() {
        return Optional.empty();
    }

    /**
     * The fastest exact step: aec's own executor where it covers the model, else SameDiff's `fit`
     * where ND4J has the optimizer's rule, else SameDiff's gradients with aec's update rules. A
     * graph that already carries SameDiff's optimizer state (a run resumed from `fit`) stays there.
     */
    static TrainingStep of(CompiledModel model, Optimizer optimizer, Loss loss) {
        boolean stateInGraph = model.sameDiff().getTrainingConfig() != null;
        if (!stateInGraph && FastExecutor.unsupported(model, loss).isEmpty()) {
            return new Fast(FastExecutor.adopt(model, loss), new ParameterUpdater(optimizer));
        }
        return samediff(model, optimizer, loss);
    }

    /** SameDiff's own training: `fit` where ND4J has the optimizer's exact rule, else its gradients. */
    static TrainingStep samediff(CompiledModel model, Optimizer optimizer, Loss loss) {
        Optional<IUpdater> updater = Nd4jUpdaters.exact(optimizer);
        return updater.isPresent() ? new Fit(model, updater.get(), loss) : new Gradients(model, new ParameterUpdater(optimizer));
    }

    /**
     * SameDiff's training session: 15-25% faster than asking for gradients, measured here. It
     * never evaluates the loss itself (ND4J 1.0.0-M2.1 reports 0, and listeners asking for it do
     * not change that), so the loss's input is caught as it is computed and the loss is evaluated
     * beside the graph.
     */
    final class Fit implements TrainingStep {
        private final CompiledModel model;
        private final Loss loss;
        private final LossInputProbe probe;

        Fit(CompiledModel model, IUpdater updater, Loss loss) {
            this.model = model;
            if (model.sameDiff().getTrainingConfig() == null) {
                model.sameDiff().setTrainingConfig(TrainingConfig.builder().updater(updater)
                        .dataSetFeatureMapping(CompiledModel.INPUT).dataSetLabelMapping(CompiledModel.TARGET).build());
            }
            this.loss = loss;
            this.probe = new LossInputProbe(model.lossInput());
        }

        @Override
        public double run(INDArray x, INDArray y, boolean measureLoss) {
            if (!measureLoss) {
                // Any listener slows the training session by about 15% (measured with an idle one).
                Nd4jEnvironment.silently(() -> model.sameDiff().fit(new DataSet(x, y)));
                return Double.NaN;
            }
            Nd4jEnvironment.silently(() -> model.sameDiff().fit(new DataSet(x, y), probe));
            return LossValue.of(loss, model.lossFromLogits(), probe.take(), y);
        }

        @Override
        public boolean stateInGraph() {
            return true;
        }
    }

    /**
     * aec's executor for the forward and backward pass, and aec's update rules applied once to
     * the flat parameter buffer. Measured 1.5-4x faster than `fit` on the tutorial models.
     */
    final class Fast implements TrainingStep {
        /** The one entry of the flat parameter buffer in the optimizer's state. */
        private static final String FLAT = "all_parameters";

        private final FastExecutor executor;
        private final ParameterUpdater updater;
        private final Map<String, INDArray> params;
        private final Map<String, INDArray> gradients;

        Fast(FastExecutor executor, ParameterUpdater updater) {
            this.executor = executor;
            this.updater = updater;
            this.params = Map.of(FLAT, executor.parameters());
            this.gradients = Map.of(FLAT, executor.gradients());
        }

        @Override
        public double run(INDArray x, INDArray y, boolean measureLoss) {
            double loss = executor.step(x, y, measureLoss);
            updater.apply(params, gradients);
            return loss;
        }

        @Override
        public Optional<ParameterUpdater> ownUpdater() {
            return Optional.of(updater);
        }

        @Override
        public boolean stateInGraph() {
            return false;
        }
    }

    /** Gradients from SameDiff and aec's own update rules, for optimizers ND4J lacks. */
    final class Gradients implements TrainingStep {
        private final CompiledModel model;
        private final ParameterUpdater updater;
        private final Map<String, INDArray> params = new LinkedHashMap<>();

        Gradients(CompiledModel model, ParameterUpdater updater) {
            this.model = model;
            this.updater = updater;
            for (String name : model.paramNames()) {
                params.put(name, model.sameDiff().getVariable(name).getArr());
            }
        }

        @Override
        public double run(INDArray x, INDArray y, boolean measureLoss) {
            OutAndGrad result = Nd4jEnvironment.silently(() -> model.sameDiff().calculateGradientsAndOutputs(
                    Map.of(CompiledModel.INPUT, x, CompiledModel.TARGET, y),
                    List.of(CompiledModel.LOSS), model.paramNames()));
            updater.apply(params, result.getGradients());
            return result.getOutputs().get(CompiledModel.LOSS).getDouble(0);
        }

        @Override
        public Optional<ParameterUpdater> ownUpdater() {
            return Optional.of(updater);
        }

        @Override
        public boolean stateInGraph() {
            return false;
        }
    }

    /** Keeps a copy of one variable's value as the training session computes it. */
    final class LossInputProbe extends BaseListener {
        private final String variable;
        private INDArray value;

        LossInputProbe(String variable) {
            this.variable = variable;
        }

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext context,
                                INDArray[] outputs) {
            List<String> names = op.getOutputsOfOp();
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equals(variable)) {
                    value = outputs[i].dup();
                }
            }
        }

        INDArray take() {
            if (value == null) {
                throw new IllegalStateException("the training session never computed " + variable);
            }
            INDArray v = value;
            value = null;
            return v;
        }
    }
}
