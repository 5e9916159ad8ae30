package dev.aec.runtime.train;

import dev.aec.compiler.model.Loss;
import dev.aec.compiler.model.Optimizer;
import dev.aec.graph.ModelGraph;
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
import org.nd4j.autodiff.listeners.Listener;
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
    double run(INDArray x, INDArray y, Optional<INDArray> noise, boolean measureLoss);

    /**
     * Seeds the random draws of the next steps' training-mode layers (dropout masks, added noise):
     * the trainer gives each batch a seed from the run's seed, epoch and batch, so a step repeats
     * exactly, resumed or not. SameDiff's graphs draw from ND4J's generator, aec's executor from its own.
     */
    default void seedDraws(long seed) {
    }

    /** One step of an autoencoder without noise or a gaussian layer: the targets are the inputs. */
    default double run(INDArray x, boolean measureLoss) {
        return run(x, x, Optional.empty(), measureLoss);
    }

    /**
     * What was not finite in the last step that measured its loss (a gradient, a parameter), if
     * anything: the run has diverged. Only those steps are checked: a native reduction costs
     * 50-180 us (measured on the tutorial's models), 5% of a dense step if paid on every one.
     */
    Optional<String> nonFinite();

    /** True when the optimizer state lives inside the SameDiff graph (saved with it). */
    boolean stateInGraph();

    /** aec's optimizer, whose state a checkpoint saves beside the graph; empty for SameDiff's. */
    default Optional<ParameterUpdater> ownUpdater() {
        return Optional.empty();
    }

    /**
     * Sets the learning rate of the next steps, for a schedule. Only aec's own update rules take
     * it: SameDiff's `fit` keeps the rate its updater was built with, so a scheduled run never
     * trains there ({@link #of(CompiledModel, Optimizer, Loss, boolean)}).
     */
    default void learningRate(double rate) {
        ownUpdater().orElseThrow(() -> new IllegalStateException("SameDiff's own loop cannot change its learning rate"))
                .learningRate(rate);
    }

    /** Restores the optimizer state a checkpoint saved beside the graph (nothing where it lives in the graph). */
    default void restoreOptimizerState(Map<String, INDArray> saved) {
        ownUpdater().ifPresent(u -> u.restore(saved));
    }

    /**
     * The fastest exact step: aec's own executor where it covers the model, else SameDiff's `fit`
     * where ND4J has the optimizer's rule, else SameDiff's gradients with aec's update rules. A
     * graph that already carries SameDiff's optimizer state (a run resumed from `fit`) stays there.
     */
    static TrainingStep of(CompiledModel model, Optimizer optimizer, Loss loss) {
        return of(model, optimizer, loss, false);
    }

    /**
     * As {@link #of(CompiledModel, Optimizer, Loss)}; with `scheduled` the learning rate changes
     * during the run, which SameDiff's `fit` cannot follow, so its gradients are used instead.
     */
    static TrainingStep of(CompiledModel model, Optimizer optimizer, Loss loss, boolean scheduled) {
        boolean stateInGraph = model.sameDiff().getTrainingConfig() != null;
        if (stateInGraph && scheduled) {
            // A scheduled run never trains in `fit`, so its checkpoints never carry SameDiff's state.
            throw new IllegalStateException("a graph trained by SameDiff's own loop cannot follow a learning-rate schedule");
        }
        if (scheduled) {
            return !FastExecutor.unsupported(model, loss).isPresent()
                    ? new Fast(FastExecutor.adopt(model, loss), new ParameterUpdater(optimizer), model.paramNames())
                    : new Gradients(model, new ParameterUpdater(optimizer));
        }
        if (!stateInGraph && FastExecutor.unsupported(model, loss).isEmpty()) {
            return new Fast(FastExecutor.adopt(model, loss), new ParameterUpdater(optimizer), model.paramNames());
        }
        if (!stateInGraph && ModelGraph.hasTrainingMode(model.sameDiff())) {
            // SameDiff's fit trains a graph with a training flag but cannot go on with it once saved and
            // loaded (ND4J 1.0.0-M2.1: NullPointerException in createGradFunction), so such a run could
            // never be resumed; aec's loop over SameDiff's gradients resumes bit for bit.
            return new Gradients(model, new ParameterUpdater(optimizer));
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
        private final MovingStatistics statistics;
        private final LossInputProbe statisticsProbe;
        private boolean checked;
        private long drawSeed;

        Fit(CompiledModel model, IUpdater updater, Loss loss) {
            this.model = model;
            if (model.sameDiff().getTrainingConfig() == null) {
                // The noise is a second feature: the trainer draws it, so sampling follows the run's seed.
                String[] features = model.latent().isPresent()
                        ? new String[] {CompiledModel.INPUT, CompiledModel.NOISE} : new String[] {CompiledModel.INPUT};
                model.sameDiff().setTrainingConfig(TrainingConfig.builder().updater(updater)
                        .dataSetFeatureMapping(features).dataSetLabelMapping(CompiledModel.TARGET).build());
            }
            this.loss = loss;
            this.statistics = MovingStatistics.of(model);
            List<String> caught = new java.util.ArrayList<>(List.of(model.lossInput()));
            model.latent().ifPresent(l -> caught.addAll(List.of(l.mean(), l.logVar())));
            caught.addAll(model.penalties());
            caught.addAll(statistics.batchVariables());
            this.probe = new LossInputProbe(caught);
            this.statisticsProbe = new LossInputProbe(statistics.batchVariables());
        }

        @Override
        public double run(INDArray x, INDArray y, Optional<INDArray> noise, boolean measureLoss) {
            checked = measureLoss;
            if (!measureLoss) {
                // Any listener slows the training session by about 15% (measured with an idle one): only
                // batch normalisation's statistics, which the step must give, are caught when not measuring.
                if (statistics.isEmpty()) {
                    fit(x, y, noise);
                } else {
                    fit(x, y, noise, statisticsProbe);
                    statistics.update(statisticsProbe.take(), x.size(0));
                }
                return Double.NaN;
            }
            fit(x, y, noise, probe);
            Map<String, INDArray> values = probe.take();
            statistics.update(values, x.size(0));
            double value = LossValue.of(loss, model.lossFromLogits(), values.get(model.lossInput()), y)
                    * model.lossScale();
            if (model.latent().isPresent()) {
                CompiledModel.Latent latent = model.latent().get();
                value += latent.beta() * LossValue.kl(values.get(latent.mean()), values.get(latent.logVar()));
            }
            for (String penalty : model.penalties()) {
                value += values.get(penalty).getDouble(0);
            }
            return value;
        }

        /** SameDiff's loop shows no gradients: a non-finite gradient shows in the parameters it updated. */
        @Override
        public Optional<String> nonFinite() {
            if (!checked) {
                return Optional.empty();
            }
            for (String name : model.paramNames()) {
                if (!Double.isFinite(model.sameDiff().getVariable(name).getArr().sumNumber().doubleValue())) {
                    return Optional.of("parameter `" + name + "` is not finite");
                }
            }
            return Optional.empty();
        }

        @Override
        public void seedDraws(long seed) {
            drawSeed = seed;
        }

        private void fit(INDArray x, INDArray y, Optional<INDArray> noise, Listener... listeners) {
            Modes.training(model, drawSeed, (int) x.size(0), () -> fitBatch(x, y, noise, listeners));
        }

        private void fitBatch(INDArray x, INDArray y, Optional<INDArray> noise, Listener... listeners) {
            if (model.latent().isPresent()) {
                MultiDataSet batch = new org.nd4j.linalg.dataset.MultiDataSet(
                        new INDArray[] {x, requireNoise(model, noise)}, new INDArray[] {y});
                Nd4jEnvironment.silently(() -> model.sameDiff().fit(batch, listeners));
            } else {
                Nd4jEnvironment.silently(() -> model.sameDiff().fit(new DataSet(x, y), listeners));
            }
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
        private final List<String> paramNames;
        private boolean gradientFinite = true;

        Fast(FastExecutor executor, ParameterUpdater updater, List<String> paramNames) {
            this.executor = executor;
            this.updater = updater;
            this.paramNames = List.copyOf(paramNames);
            this.params = Map.of(FLAT, executor.parameters());
            this.gradients = Map.of(FLAT, executor.gradients());
        }

        @Override
        public void seedDraws(long seed) {
            executor.seedDraws(seed);
        }

        /** A gradient found not finite is not applied. */
        @Override
        public double run(INDArray x, INDArray y, Optional<INDArray> noise, boolean measureLoss) {
            double loss = executor.step(x, y, noise, measureLoss);
            // The sum of the flat gradient is NaN or infinite exactly when some gradient is (or when
            // the finite ones sum past the float range, which is divergence too).
            gradientFinite = !measureLoss || Double.isFinite(executor.gradients().sumNumber().doubleValue());
            if (gradientFinite) {
                updater.apply(params, gradients);
            }
            return loss;
        }

        @Override
        public Optional<String> nonFinite() {
            return gradientFinite ? Optional.empty() : Optional.of("a gradient is not finite");
        }

        @Override
        public Optional<ParameterUpdater> ownUpdater() {
            return Optional.of(updater);
        }

        /** Also takes state saved per parameter (by the gradients loop, as runs before this executor did). */
        @Override
        public void restoreOptimizerState(Map<String, INDArray> saved) {
            updater.restore(flattened(saved, paramNames));
        }

        /**
         * Each optimizer slot saved per parameter (`name#slot`) as one `all_parameters#slot` entry, laid
         * out as the flat parameter buffer: the parameters' values in order, each flattened.
         */
        static Map<String, INDArray> flattened(Map<String, INDArray> saved, List<String> paramNames) {
            Map<String, INDArray> result = new LinkedHashMap<>();
            Map<String, List<INDArray>> perSlot = new LinkedHashMap<>();
            saved.forEach((key, value) -> {
                int hash = key.lastIndexOf('#');
                String owner = hash < 0 ? key : key.substring(0, hash);
                if (paramNames.contains(owner)) {
                    perSlot.computeIfAbsent(key.substring(hash + 1), s -> new java.util.ArrayList<>());
                } else {
                    result.put(key, value);
                }
            });
            for (String slot : perSlot.keySet()) {
                List<INDArray> parts = paramNames.stream().map(name -> saved.get(name + "#" + slot)).toList();
                if (parts.contains(null)) {
                    throw new IllegalStateException("the saved optimizer state has `" + slot + "` for some parameters only");
                }
                result.put(FLAT + "#" + slot, org.nd4j.linalg.factory.Nd4j.toFlattened('c', parts));
            }
            return result;
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
        private final MovingStatistics statistics;
        private final List<String> outputs;
        private Optional<String> notFinite = Optional.empty();
        private long drawSeed;

        Gradients(CompiledModel model, ParameterUpdater updater) {
            this.model = model;
            this.updater = updater;
            this.statistics = MovingStatistics.of(model);
            List<String> wanted = new java.util.ArrayList<>(List.of(CompiledModel.LOSS));
            wanted.addAll(statistics.batchVariables());
            this.outputs = List.copyOf(wanted);
            for (String name : model.paramNames()) {
                params.put(name, model.sameDiff().getVariable(name).getArr());
            }
        }

        @Override
        public double run(INDArray x, INDArray y, Optional<INDArray> noise, boolean measureLoss) {
            Map<String, INDArray> feed = new java.util.HashMap<>(Map.of(CompiledModel.INPUT, x, CompiledModel.TARGET, y));
            if (model.latent().isPresent()) {
                feed.put(CompiledModel.NOISE, requireNoise(model, noise));
            }
            OutAndGrad result = Modes.training(model, drawSeed, (int) x.size(0), () -> Nd4jEnvironment.silently(
                    () -> model.sameDiff().calculateGradientsAndOutputs(feed, outputs, model.paramNames())));
            notFinite = !measureLoss ? Optional.empty() : result.getGradients().entrySet().stream()
                    .filter(e -> !Double.isFinite(e.getValue().sumNumber().doubleValue()))
                    .map(e -> "the gradient of `" + e.getKey() + "` is not finite").findFirst();
            if (notFinite.isEmpty()) {
                updater.apply(params, result.getGradients());
            }
            statistics.update(result.getOutputs(), x.size(0));
            return result.getOutputs().get(CompiledModel.LOSS).getDouble(0);
        }

        @Override
        public Optional<String> nonFinite() {
            return notFinite;
        }

        @Override
        public void seedDraws(long seed) {
            drawSeed = seed;
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

    private static INDArray requireNoise(CompiledModel model, Optional<INDArray> noise) {
        return noise.orElseThrow(() -> new IllegalArgumentException(
                "a model with a gaussian layer trains on drawn noise: " + model.graph().model()));
    }

    /** Keeps a copy of some variables' values as the training session computes them. */
    final class LossInputProbe extends BaseListener {
        private final List<String> variables;
        private final Map<String, INDArray> values = new LinkedHashMap<>();

        LossInputProbe(List<String> variables) {
            this.variables = List.copyOf(variables);
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
                if (variables.contains(names.get(i))) {
                    values.put(names.get(i), outputs[i].dup());
                }
            }
        }

        Map<String, INDArray> take() {
            for (String variable : variables) {
                if (!values.containsKey(variable)) {
                    throw new IllegalStateException("the training session never computed " + variable);
                }
            }
            Map<String, INDArray> taken = new LinkedHashMap<>(values);
            values.clear();
            return taken;
        }
    }
}
