package dev.aec.runtime.run;

import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.data.DataRef;
import dev.aec.compiler.data.DataSource;
import dev.aec.compiler.ir.Graph;
import dev.aec.compiler.ir.Lowerer;
import dev.aec.compiler.model.Datasets;
import dev.aec.compiler.model.Retention;
import dev.aec.compiler.model.Schedule;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.runtime.backend.CompiledModel;
import dev.aec.runtime.backend.SameDiffLowering;
import dev.aec.runtime.fast.FastExecutor;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.data.DatasetLocation;
import dev.aec.runtime.data.Split;
import dev.aec.runtime.train.CheckpointEvery;
import dev.aec.runtime.train.Evaluator;
import dev.aec.runtime.train.Examples;
import dev.aec.runtime.train.InputNoise;
import dev.aec.runtime.train.ParameterUpdater;
import dev.aec.runtime.train.Steps;
import dev.aec.runtime.train.TrainingControls;
import dev.aec.runtime.train.TrainingStep;
import dev.aec.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One `aec train`: lowers the model, loads the data, trains with checkpoints into a run
 * directory, then measures the test loss (and accuracy, for a classifier) and draws the
 * reconstructions (the predictions, for a classifier). A resumed run restores
 * weights, optimizer state, position and the state of early stopping and the learning-rate
 * schedule from its checkpoint and carries on. With `early_stop` and `restore_best`, the best
 * epoch's weights replace the last ones when training ends, before the test.
 */
public final class TrainingRun {
    /** Images in `reconstructions.png`. */
    public static final int PICTURE_IMAGES = 10;

    /**
     * What to train. `spec` already carries command-line overrides; `sources` are the model file
     * and everything it imports, kept in the run; `dir` is locked by this process.
     */
    public record Request(CheckedProgram program, TrainSpec spec, RunSources sources, Optional<Integer> limit,
                          RunData.Loaded data, RunDirectory dir, CheckpointEvery checkpointEvery) {
        /** A single source file, a named dataset's files, checkpoints at the default interval (tests). */
        public Request(CheckedProgram program, TrainSpec spec, String sourceText, String sourceFile,
                       Optional<Integer> limit, DatasetLocation data, RunDirectory dir) throws DataException {
            this(program, spec, RunSources.single(sourceText, sourceFile), limit,
                    loadNamed(program, spec, limit, data), dir, CheckpointEvery.DEFAULT);
        }

        private static RunData.Loaded loadNamed(CheckedProgram program, TrainSpec spec, Optional<Integer> limit,
                                                DatasetLocation data) throws DataException {
            try {
                return RunData.load(spec, Lowerer.lower(program, spec.model()).input(), limit,
                        RunData.Access.of(data, data.directory()), Optional.empty(), () -> false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DataException(data.name(), "interrupted while loading");
            }
        }
    }

    /** How the run ended and what it recorded. */
    public record Outcome(Trainer.Outcome outcome, RunRecord record) {
    }

    /** Progress callbacks beyond the trainer's: data loading and the final evaluation. */
    public interface Listener extends Trainer.Listener {
        default void loading(String what) {
        }

        default void testing() {
        }

        /** Which training loop runs the steps, and why when it is not aec's fast executor. */
        default void engine(String description) {
        }

        /** The weights of `epoch` (from 0), the best by the monitored loss, replaced the last ones. */
        default void restoredBest(int epoch, double loss) {
        }
    }

    /**
     * Where a run's batches are trained: on this machine ({@link #LOCAL}), or by {@link Steps} that
     * train elsewhere and leave the result in this process's model. Everything else about a run
     * (its directory, checkpoints, validation, test and pictures) is the same for every engine.
     */
    public interface Engine {
        /** One batch at a time on this machine. */
        Engine LOCAL = new Engine() {
            @Override
            public Optional<Steps> steps(CompiledModel model, TrainingStep step, Examples train, Trainer.Plan plan,
                                         TrainingControls controls) {
                return Optional.empty();
            }

            @Override
            public String describe(String local) {
                return local;
            }
        };

        /**
         * Whether the steps need aec's own optimizer, whose state can be read and set between
         * steps; SameDiff's own loop keeps its state inside the graph.
         */
        default boolean ownOptimizer() {
            return false;
        }

        /** The steps that train the batches; empty to train them one at a time here. */
        Optional<Steps> steps(CompiledModel model, TrainingStep step, Examples train, Trainer.Plan plan,
                              TrainingControls controls) throws RunException;

        /** What trains the steps, for the user, given what would train them on this machine. */
        String describe(String local);

        /** What run.json keeps of the engine: empty for one machine. */
        default Optional<RunRecord.Distributed> recorded() {
            return Optional.empty();
        }

        /**
         * Whether the training batches are read in this process, so that reading the first ones
         * ahead pays; an engine whose workers hold the examples reads none here.
         */
        default boolean readsBatchesHere() {
            return true;
        }
    }

    private TrainingRun() {
    }

    /**
     * Starts a run: records it, keeps its sources, saves the untrained weights as the first
     * checkpoint (so a run stopped at any moment from here on can be resumed), then trains.
     */
    public static Outcome start(Request request, Listener listener, BooleanSupplier stop)
            throws RunException, DataException {
        return start(request, Engine.LOCAL, listener, stop);
    }

    /** As {@link #start(Request, Listener, BooleanSupplier)}, with the batches trained by `engine`. */
    public static Outcome start(Request request, Engine engine, Listener listener, BooleanSupplier stop)
            throws RunException, DataException {
        TrainSpec spec = request.spec();
        // The first batches are read from a cold cache file while the model is lowered.
        if (engine.readsBatchesHere()) {
            Trainer.prefetchStart(request.data().train(), plan(request), Trainer.Position.START);
        }
        String now = Instant.now().toString();
        Graph graph = Lowerer.lower(request.program(), spec.model());
        List<RunRecord.Source> sources = request.dir().writeSources(request.sources());
        request.dir().writeData(request.data().facts());
        RunRecord record = new RunRecord(version(), spec.model(), request.sources().mainDisplay(),
                sources.get(0).sha256(), graph.input().toString(), graph.output().toString(), graph.paramCount(),
                settings(spec, request.limit(), request.checkpointEvery()), RunRecord.RUNNING,
                new RunRecord.Position(0, 0, 0, 0, 0, 0), List.of(), null, null, 0, 0, now, now, null,
                evaluation(spec), sources, null, null,
                controls(TrainingControls.State.initial(baseRate(spec)), spec, null), engine.recorded().orElse(null));
        request.dir().writeRecord(record);
        CompiledModel model;
        TrainingStep step;
        RunRecord initial;
        try {
            model = SameDiffLowering.lower(graph, spec.loss(), spec.reduction(), spec.seed());
            step = TrainingStep.of(model, spec.optimizer(), spec.loss(), ownOptimizer(spec, engine));
            initial = request.dir().saveCheckpoint(model.sameDiff(), step.stateInGraph(),
                    step.ownUpdater().map(ParameterUpdater::state), record);
        } catch (RunException | RuntimeException | Error e) {
            markFailed(request.dir(), record, e);
            throw e;
        }
        return train(request, engine, initial, model, step, Trainer.Position.START, listener, stop);
    }

    /** Carries on a run from its last checkpoint, which has been verified against run.json. */
    public static Outcome resume(Request request, RunRecord record, Listener listener, BooleanSupplier stop)
            throws RunException, DataException {
        return resume(request, record, Engine.LOCAL, listener, stop);
    }

    /** As {@link #resume(Request, RunRecord, Listener, BooleanSupplier)}, with the batches trained by `engine`. */
    public static Outcome resume(Request request, RunRecord record, Engine engine, Listener listener,
                                 BooleanSupplier stop) throws RunException, DataException {
        TrainSpec spec = request.spec();
        Optional<RunData.Facts> started = request.dir().readData();
        if (started.isPresent()) {
            RunData.requireSame(started.get(), request.data().facts());
        }
        RunRecord.Position at = record.position();
        if (engine.readsBatchesHere()) {
            Trainer.prefetchStart(request.data().train(), plan(request),
                    new Trainer.Position(at.epoch(), at.batch(), 0, 0, 0, 0));
        }
        request.dir().recover(record);
        Graph graph = Lowerer.lower(request.program(), spec.model());
        CompiledModel lowered = SameDiffLowering.lower(graph, spec.loss(), spec.reduction(), spec.seed());
        if (record.checkpoint() == null && record.sources() != null) {
            // Stopped before its first checkpoint was recorded: nothing was trained, so it starts
            // again from the untrained weights its seed gives.
            TrainingStep step = TrainingStep.of(lowered, spec.optimizer(), spec.loss(), ownOptimizer(spec, engine));
            RunRecord initial = request.dir().saveCheckpoint(lowered.sameDiff(), step.stateInGraph(),
                    step.ownUpdater().map(ParameterUpdater::state), record.withStatus(RunRecord.RUNNING, null,
                            Instant.now().toString()));
            return train(request, engine, initial, lowered, step, Trainer.Position.START, listener, stop);
        }
        SameDiff saved = request.dir().readModel(record);
        // Trained by SameDiff's own loop, the saved graph carries the optimizer state: train it on.
        // Otherwise the weights go into a fresh graph and aec's optimizer state is read back.
        boolean stateInGraph = saved.getTrainingConfig() != null;
        if (stateInGraph && engine.ownOptimizer()) {
            throw new RunException(RunException.Kind.NOT_A_RUN, request.dir().path() + " was trained by SameDiff's own "
                    + "loop, which keeps its optimizer state inside its graph, where the engine asked for cannot read "
                    + "or set it; resume it on this machine");
        }
        CompiledModel model = stateInGraph
                ? lowered.withSameDiff(saved) : lowered;
        if (!stateInGraph) {
            restoreWeights(model, saved);
        }
        // A checkpoint saved outside the graph holds aec's optimizer state, so aec's optimizer goes on
        // with it, whichever engine trained the run so far (SameDiff's `fit` would start afresh).
        TrainingStep step = TrainingStep.of(model, spec.optimizer(), spec.loss(),
                !stateInGraph || ownOptimizer(spec, engine));
        if (step.ownUpdater().isPresent()) {
            Optional<Map<String, INDArray>> state = request.dir().readOptimizerState(record);
            if (state.isPresent()) {
                restoreOptimizer(step, state.get(), request.dir());
            } else if (record.position().epoch() > 0 || record.position().batch() > 0) {
                throw new RunException(RunException.Kind.DAMAGED, request.dir().path() + " has no optimizer state ("
                        + RunDirectory.OPTIMIZER + ") to carry on from");
            }
        }
        RunRecord.Position p = record.position();
        Trainer.Position from = new Trainer.Position(p.epoch(), p.batch(), p.lossSum(), p.lossSamples(),
                p.samplesSeen(), p.secondsInEpoch());
        RunRecord running = record.withStatus(RunRecord.RUNNING, null, Instant.now().toString())
                .withDistributed(engine.recorded().orElse(null));
        request.dir().writeRecord(running);
        return train(request, engine, running, model, step, from, listener, stop);
    }

    /**
     * Whether the run trains with aec's own optimizer: a schedule changes the learning rate between
     * steps, and some engines read and set the optimizer's state between them.
     */
    private static boolean ownOptimizer(TrainSpec spec, Engine engine) {
        return spec.schedule().isPresent() || engine.ownOptimizer();
    }

    private static void restoreOptimizer(TrainingStep step, Map<String, INDArray> state, RunDirectory dir)
            throws RunException {
        try {
            step.restoreOptimizerState(state);
        } catch (RuntimeException e) {
            throw new RunException(RunException.Kind.DAMAGED, dir.path().resolve(RunDirectory.OPTIMIZER)
                    + " does not fit this model's optimizer: " + RunDirectory.reason(e), e);
        }
    }

    /**
     * Trains from `from`, and marks the run failed, with the reason, when anything stops it but a
     * signal or divergence (each of which leaves its own status).
     */
    private static Outcome train(Request request, Engine engine, RunRecord initial, CompiledModel model,
                                 TrainingStep step, Trainer.Position from, Listener listener, BooleanSupplier stop)
            throws RunException, DataException {
        RunRecord[] latest = {initial};
        try {
            return trainAndTest(request, engine, latest, model, step, from, listener, stop);
        } catch (RunException | DataException | RuntimeException | Error e) {
            markFailed(request.dir(), latest[0], e);
            throw e;
        }
    }

    /** Records that the run failed and why; a disk too full to say so leaves the last record as it was. */
    private static void markFailed(RunDirectory dir, RunRecord latest, Throwable cause) {
        String why = cause instanceof OutOfMemoryError ? "out of memory" : RunDirectory.reason(cause);
        try {
            dir.writeRecord(latest.withStatus(RunRecord.FAILED, why, Instant.now().toString()));
        } catch (RunException | RuntimeException e) {
            // Its checkpoint is intact and its status says running: it resumes like a killed run.
        }
    }

    private static Outcome trainAndTest(Request request, Engine engine, RunRecord[] latest, CompiledModel model,
                                        TrainingStep step, Trainer.Position from, Listener listener,
                                        BooleanSupplier stop)
            throws RunException, DataException {
        long started = System.nanoTime();
        double wallBefore = latest[0].wallSeconds();
        TrainSpec spec = request.spec();
        Graph graph = model.graph();
        Examples train = request.data().train();
        Optional<Examples> test = request.data().test();
        int batches = plan(request).batches(train.count());
        if (from.batch() >= batches && from.batch() > 0) {
            throw new RunException(RunException.Kind.DAMAGED, request.dir().path().resolve(RunDirectory.RECORD)
                    + " is damaged: it stands at batch " + (from.batch() + 1) + " of an epoch of " + batches + " batches");
        }
        InputNoise noise = InputNoise.of(spec.noise());
        Optional<Examples> validation = request.data().validation();
        listener.engine(engine.describe(step instanceof TrainingStep.Fast ? "aec's fast executor"
                : "SameDiff, because " + FastExecutor.unsupported(model, spec.loss())
                        .orElse("the run was started in SameDiff's loop and keeps its optimizer state")));
        TrainingControls controls = new TrainingControls(spec.earlyStop(), spec.schedule(), baseRate(spec), batches,
                spec.epochs(), state(latest[0].controls(), baseRate(spec)));
        Optional<Steps> steps = engine.steps(model, step, train, plan(request), controls);
        Trainer trainer = steps.isPresent()
                ? new Trainer(model, train, validation, plan(request), controls, steps.get())
                : new Trainer(model, step, train, validation, plan(request), controls);
        Trainer.Checkpoints checkpoints = new Trainer.Checkpoints() {
            @Override
            public void save(Trainer.Position position, List<Trainer.EpochResult> history) throws IOException {
                saveEpoch(position, history, false, Optional.empty());
            }

            @Override
            public void saveEpoch(Trainer.Position position, List<Trainer.EpochResult> history, boolean best)
                    throws IOException {
                int finished = position.epoch();
                Optional<String> epochFile = spec.retention().kind() == Retention.Kind.EVERY
                        && finished % spec.retention().every() == 0
                        ? Optional.of(RunDirectory.epochFile(finished)) : Optional.empty();
                saveEpoch(position, history, best && spec.keepsBest(), epochFile);
            }

            private void saveEpoch(Trainer.Position position, List<Trainer.EpochResult> history, boolean best,
                                   Optional<String> epochFile) throws IOException {
                try {
                    Optional<String> bad = nonFiniteWeights(model);
                    if (bad.isPresent()) {
                        throw new IllegalStateException("about to save weights that are not finite: " + bad.get());
                    }
                    EpochPictures.afterEpoch(request, model, position);
                    RunRecord next = latest[0].with(RunRecord.RUNNING, position(position), epochs(history), null, null,
                            wallBefore + seconds(started), PeakMemory.residentBytes(), Instant.now().toString())
                            .withControls(controls(controls.state(), spec, null));
                    latest[0] = request.dir().saveCheckpoint(model.sameDiff(), step.stateInGraph(),
                            step.ownUpdater().map(ParameterUpdater::state), next, best, epochFile);
                    request.dir().writeMetrics(latest[0]);
                    LossCurves.update(request.dir(), latest[0]);
                } catch (RunException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        };
        Trainer.Result result;
        try {
            result = trainer.run(from, history(latest[0]), listener, checkpoints, stop);
        } catch (IOException e) {
            if (e.getCause() instanceof RunException run) {
                throw run;
            }
            throw new RunException(RunException.Kind.IO, e.getMessage(), e);
        }
        if (result.outcome() == Trainer.Outcome.DIVERGED) {
            RunRecord diverged = latest[0].withStatus(RunRecord.DIVERGED, result.divergence().orElse("diverged"),
                    Instant.now().toString());
            request.dir().writeRecord(diverged);
            return new Outcome(result.outcome(), diverged);
        }
        if (result.outcome() == Trainer.Outcome.INTERRUPTED || stop.getAsBoolean()) {
            RunRecord interrupted = latest[0].with(RunRecord.INTERRUPTED, latest[0].position(), latest[0].epochs(),
                    null, null, wallBefore + seconds(started), PeakMemory.residentBytes(), Instant.now().toString());
            request.dir().writeRecord(interrupted);
            return new Outcome(Trainer.Outcome.INTERRUPTED, interrupted);
        }
        restoreBest(request, latest, model, step, controls, listener);
        Optional<Evaluator.Evaluation> tested = Optional.empty();
        if (test.isPresent()) {
            listener.testing();
            Evaluator.Evaluation evaluation = Evaluator.evaluate(model, test.get(), noise);
            if (!Double.isFinite(evaluation.loss())) {
                RunRecord diverged = latest[0].withStatus(RunRecord.DIVERGED, "the test loss is not finite ("
                        + evaluation.loss() + ")", Instant.now().toString());
                request.dir().writeRecord(diverged);
                return new Outcome(Trainer.Outcome.DIVERGED, diverged);
            }
            tested = Optional.of(evaluation);
        }
        // The pictures show test samples, or without test data the held-out or training ones; from
        // the user's files spread over the whole set, since a folder sorted by class begins with one class.
        Examples shown = test.or(() -> validation).orElse(train);
        if (spec.data() instanceof DataSource.FileSource && shown.count() > PICTURE_IMAGES) {
            int[] spread = new int[PICTURE_IMAGES];
            for (int i = 0; i < spread.length; i++) {
                spread[i] = (int) ((long) i * shown.count() / spread.length);
            }
            shown = shown.subset(spread);
        }
        if (spec.loss().classifies()) {
            RunPictures.predictions(model, shown, PICTURE_IMAGES, request.dir().path().resolve(RunDirectory.PREDICTIONS));
        } else {
            RunPictures.reconstructions(model, shown, PICTURE_IMAGES, noise,
                    request.dir().path().resolve(RunDirectory.PICTURE));
        }
        RunRecord finished = latest[0].with(RunRecord.FINISHED, latest[0].position(), latest[0].epochs(),
                tested.map(Evaluator.Evaluation::loss).orElse(null),
                tested.flatMap(Evaluator.Evaluation::parts).map(TrainingRun::parts).orElse(null),
                wallBefore + seconds(started), PeakMemory.residentBytes(), Instant.now().toString())
                .withTestAccuracy(tested.filter(t -> t.accuracy().isPresent()).map(t -> t.accuracy().getAsDouble())
                        .orElse(null));
        request.dir().writeRecord(finished);
        latest[0] = finished;
        return new Outcome(result.outcome(), finished);
    }

    /**
     * Puts the best epoch's weights back when early stopping asks to, and saves them as the run's
     * model, once: a run resumed after that already holds them.
     */
    private static void restoreBest(Request request, RunRecord[] latest, CompiledModel model, TrainingStep step,
                                    TrainingControls controls, Listener listener) throws RunException {
        TrainSpec spec = request.spec();
        RunRecord.Controls saved = latest[0].controls();
        boolean wanted = spec.earlyStop().map(dev.aec.compiler.model.EarlyStop::restoreBest).orElse(false);
        if (!wanted || controls.state().bestEpoch() < 0 || (saved != null && saved.restoredEpoch() != null)) {
            return;
        }
        int bestEpoch = controls.state().bestEpoch();
        SameDiff best = request.dir().readBest(latest[0]).orElseThrow(() -> new RunException(RunException.Kind.DAMAGED,
                request.dir().path().resolve(RunDirectory.BEST) + " is missing; run.json records epoch "
                        + (bestEpoch + 1) + " as the best"));
        restoreWeights(model, best);
        RunRecord restored = latest[0].withControls(controls(controls.state(), spec, bestEpoch + 1));
        latest[0] = request.dir().saveCheckpoint(model.sameDiff(), step.stateInGraph(),
                step.ownUpdater().map(ParameterUpdater::state), restored);
        listener.restoredBest(bestEpoch, controls.state().best());
    }

    /** The optimizer's learning rate, where a schedule starts. */
    private static double baseRate(TrainSpec spec) {
        return spec.optimizer().param("learning_rate");
    }

    /**
     * What run.json keeps of the controls' state; `restoredEpoch` from 1, or null. Null for a block
     * without early stopping, a schedule or a kept best epoch: its run.json stays as before them.
     */
    private static RunRecord.Controls controls(TrainingControls.State s, TrainSpec spec, Integer restoredEpoch) {
        if (spec.earlyStop().isEmpty() && spec.schedule().isEmpty() && !spec.keepsBest()) {
            return null;
        }
        boolean plateau = spec.schedule().filter(x -> x.kind() == Schedule.Kind.ON_PLATEAU).isPresent();
        boolean anyBest = s.bestEpoch() >= 0;
        return new RunRecord.Controls(anyBest ? s.best() : null, anyBest ? s.bestEpoch() + 1 : null, s.waited(),
                Double.isFinite(s.plateauBest()) ? s.plateauBest() : null, s.plateauWait(), s.cooldown(),
                plateau ? s.rate() : null, s.stopped(), restoredEpoch);
    }

    /** The controls' state as run.json keeps it; a run from before them starts afresh. */
    private static TrainingControls.State state(RunRecord.Controls c, double base) {
        if (c == null) {
            return TrainingControls.State.initial(base);
        }
        return new TrainingControls.State(c.best() == null ? Double.POSITIVE_INFINITY : c.best(),
                c.bestEpoch() == null ? -1 : c.bestEpoch() - 1, c.waited(),
                c.plateauBest() == null ? Double.POSITIVE_INFINITY : c.plateauBest(), c.plateauWait(), c.cooldown(),
                c.learningRate() == null ? base : c.learningRate(), c.stopped());
    }

    private static Trainer.Plan plan(Request request) {
        TrainSpec spec = request.spec();
        return new Trainer.Plan(spec.epochs(), spec.batch(), spec.shuffle(), spec.seed(), InputNoise.of(spec.noise()),
                request.checkpointEvery());
    }

    /** The first parameter whose values are not all finite, if any. */
    public static Optional<String> nonFiniteWeights(CompiledModel model) {
        for (String name : model.paramNames()) {
            INDArray value = model.sameDiff().getVariable(name).getArr();
            if (value != null && !Double.isFinite(value.sumNumber().doubleValue())) {
                return Optional.of("`" + name + "` holds NaN or infinite values");
            }
        }
        return Optional.empty();
    }

    /** A split as the examples `spec` trains on: with one-hot labels for a classifier. */
    public static Examples examples(Dataset set, TrainSpec spec, Graph graph) {
        int classes = spec.data() instanceof DataRef ref
                ? Datasets.find(ref.dataset()).map(Datasets.Info::classes).orElse(0) : 0;
        return Examples.forLoss(set, graph.input(), spec.loss(), classes);
    }

    /** What the validation and test losses compare, in words, for run.json. */
    static String evaluation(TrainSpec spec) {
        String targets = spec.loss().classifies() ? "the labels" : "the clean images";
        return spec.noise().isPresent()
                ? "noisy test inputs (" + spec.noise().get() + ", fixed seed " + InputNoise.EVALUATION_SEED
                        + ", the same every epoch) against " + targets
                : "test inputs against " + targets;
    }

    /** Top row the first `n` examples, bottom row the model's reconstructions of them. */
    public static void writePicture(CompiledModel model, Examples examples, int n, Path target)
            throws RunException {
        RunPictures.reconstructions(model, examples, n, InputNoise.none(), target);
    }

    /** Copies trained weights and moving statistics into a freshly lowered graph, by variable name. */
    public static void restoreWeights(CompiledModel model, SameDiff saved) throws RunException {
        List<String> names = new ArrayList<>(model.paramNames());
        names.addAll(model.nonTrainableNames());
        for (String name : names) {
            if (!saved.hasVariable(name) || saved.getVariable(name).getArr() == null) {
                throw new RunException(RunException.Kind.NOT_A_RUN, "the saved model has no weights for `" + name
                        + "`; was it trained from another version of the model?");
            }
            INDArray value = saved.getVariable(name).getArr();
            INDArray target = model.sameDiff().getVariable(name).getArr();
            if (!java.util.Arrays.equals(value.shape(), target.shape())) {
                throw new RunException(RunException.Kind.NOT_A_RUN, "saved weights `" + name + "` have shape "
                        + java.util.Arrays.toString(value.shape()) + ", the model needs "
                        + java.util.Arrays.toString(target.shape()));
            }
            target.assign(value);
        }
    }

    private static RunRecord.Settings settings(TrainSpec spec, Optional<Integer> limit, CheckpointEvery every) {
        return new RunRecord.Settings(spec.data().toString(), spec.validation().map(Object::toString).orElse(null),
                spec.loss().keyword(), spec.reduction().keyword(), spec.optimizer().kind().keyword(),
                spec.optimizer().params(), spec.batch(), spec.epochs(), spec.shuffle(), spec.seed(), limit.orElse(null),
                spec.noise().map(Object::toString).orElse(null), every.toString(),
                spec.earlyStop().map(Object::toString).orElse(null), spec.schedule().map(Object::toString).orElse(null),
                spec.retention().toString());
    }

    private static RunRecord.Position position(Trainer.Position p) {
        return new RunRecord.Position(p.epoch(), p.batch(), p.lossSum(), p.lossSamples(), p.samplesSeen(),
                p.secondsInEpoch());
    }

    private static List<RunRecord.Epoch> epochs(List<Trainer.EpochResult> history) {
        List<RunRecord.Epoch> epochs = new ArrayList<>();
        for (Trainer.EpochResult r : history) {
            epochs.add(new RunRecord.Epoch(r.epoch() + 1, r.trainLoss(),
                    r.validationLoss().isPresent() ? r.validationLoss().getAsDouble() : null,
                    r.validationParts().map(TrainingRun::parts).orElse(null), r.seconds(), r.samplesPerSecond(),
                    r.validationAccuracy().isPresent() ? r.validationAccuracy().getAsDouble() : null,
                    Double.isNaN(r.learningRate()) ? null : r.learningRate()));
        }
        return epochs;
    }

    private static List<Trainer.EpochResult> history(RunRecord record) {
        List<Trainer.EpochResult> history = new ArrayList<>();
        for (RunRecord.Epoch e : record.epochs()) {
            history.add(new Trainer.EpochResult(e.epoch() - 1, e.trainLoss(),
                    e.validationLoss() == null ? OptionalDouble.empty() : OptionalDouble.of(e.validationLoss()),
                    Optional.ofNullable(e.validationParts()).map(p -> new Evaluator.Parts(p.reconstruction(), p.kl())),
                    e.seconds(), e.samplesPerSecond(), e.validationAccuracy() == null ? OptionalDouble.empty()
                            : OptionalDouble.of(e.validationAccuracy()),
                    e.learningRate() == null ? Double.NaN : e.learningRate()));
        }
        return history;
    }

    private static RunRecord.LossParts parts(Evaluator.Parts p) {
        return new RunRecord.LossParts(p.reconstruction(), p.kl());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String version() {
        String v = TrainingRun.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
