package dev.aec.cli;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.SourceFile;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.DatasetResolver;
import dev.aec.runtime.data.DatasetSpec;
import dev.aec.runtime.run.RunData;
import dev.aec.runtime.run.RunDirectory;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.RunRecord;
import dev.aec.runtime.run.RunSources;
import dev.aec.runtime.run.TrainingRun;
import dev.aec.runtime.train.CheckpointEvery;
import dev.aec.runtime.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `aec train`: compile a model file to SameDiff and train it as its `train` block says. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Train a model as its file's train block says.",
        description = "Trains on the dataset the train block names (fetched, verified and cached on first use) and "
                + "leaves a run directory: the model source and every file it imports, the trained model, run.json "
                + "with every setting, per-epoch loss and the SHA-256 of each file, metrics.csv, loss.png (the loss "
                + "curves, drawn again after every epoch), reconstructions.png and epochs/ (a small picture per epoch); "
                + "best.sd or epoch-NNN.sd when the train block's `checkpoint` keeps them (`early_stop` may end training "
                + "before its epochs). Only one process trains a run at a time (run.lock). Ctrl-C or SIGTERM "
                + "finishes the current batch, saves a checkpoint and exits with 130 or 143; a second signal waits "
                + "for the checkpoint, a third aborts at once. A loss or gradient that stops being finite ends the "
                + "run (exit 5) with its last good checkpoint kept. --resume carries on from the last checkpoint, "
                + "also after a crash, SIGKILL or a full disk.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  aec train models/conv_autoencoder.aemodel",
            "  aec train models/dense_autoencoder.aemodel --epochs 2 --limit 6000 --out runs/dense-quick",
            "  aec train --resume runs/dense-quick",
            "  aec train models/conv_autoencoder.aemodel --checkpoint-every 10m",
            "",
            "Exit codes: 0 trained, 1 the model has errors, 2 usage (or the run directory exists),",
            "3 data or disk problems, a run another process trains, or a run edited or damaged,",
            "5 diverged (last good checkpoint kept), 6 aborted by a third signal,",
            "130 / 143 stopped by SIGINT / SIGTERM (checkpoint saved)."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The model file (.aemodel). Not needed with --resume.")
    Path file;

    @Option(names = "--model", paramLabel = "NAME",
            description = "Which train block to run when the file has several (by model name).")
    String model;

    @Option(names = "--epochs", paramLabel = "N", description = "Override the train block's epochs.")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "N", description = "Override the train block's batch size.")
    Integer batch;

    @Option(names = "--seed", paramLabel = "N", description = "Override the train block's seed.")
    Long seed;

    @Option(names = "--limit", paramLabel = "N",
            description = "Train on the first N training samples only (for quick tries). Default: all.")
    Integer limit;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder with the dataset's four IDX files (plain or .gz). Default: $AEC_DATA, "
                    + "then ~/.cache/aec/datasets, then a one-time verified download.")
    Path data;

    @Option(names = "--no-verify",
            description = "Take the files in --data as they are, without checking them against the original "
                    + "dataset's SHA-256 (for a subset or a variant in the same IDX format).")
    boolean noVerify;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The run directory to create. Default: runs/<model>-<date>-<time>.")
    Path out;

    @Option(names = "--force", description = "Replace an existing run directory given with --out.")
    boolean force;

    @Option(names = "--resume", paramLabel = "RUN",
            description = "Carry on a run that was interrupted, killed or failed, from its last checkpoint.")
    Path resume;

    @Option(names = "--checkpoint-every", paramLabel = "EVERY",
            description = "How often to save a checkpoint within an epoch, besides at the end of each: a number of "
                    + "batches (500), or a time (90s, 10m, 1h); `epoch` for only at the end of each. It bounds what a "
                    + "process killed without warning loses. Default: 5m; a resumed run keeps its own.")
    String checkpointEvery;

    @Option(names = {"-v", "--verbose"}, description = "Show ND4J's own log lines.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print errors and the final summary only.")
    boolean quiet;

    @Mixin
    DiagnosticOptions diagnosticOptions = new DiagnosticOptions();

    @Mixin
    SparkOptions sparkOptions = new SparkOptions();

    /** The run directory this command trains in, once it exists. */
    private Path started;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        // First, so that a signal at any moment after this is a request to stop cleanly.
        try (StopSignal stop = StopSignal.install(err)) {
            validateFlags();
            checkpointInterval();
            System.setProperty("aec.verbose", Boolean.toString(verbose));
            try {
                return resume != null ? resumeRun(stdout, err, stop) : newRun(stdout, err, stop);
            } catch (RunException e) {
                err.println("aec: error: " + e.getMessage());
                if (e.kind() == RunException.Kind.IO || e.kind() == RunException.Kind.DAMAGED) {
                    resumeHint(err);
                }
                return switch (e.kind()) {
                    case EXISTS, NOT_A_RUN -> ExitCode.USAGE;
                    case LOCKED, DAMAGED, IO -> ExitCode.ENVIRONMENT;
                };
            } catch (DataException e) {
                err.println("aec: error: " + e.getMessage());
                e.help().ifPresent(h -> err.println("aec: help: " + h));
                if (data != null && e.getMessage().contains("checksum mismatch")) {
                    err.println("aec: if this is your own data in the same IDX format, add --no-verify");
                }
                resumeHint(err);
                return ExitCode.ENVIRONMENT;
            } catch (IOException e) {
                err.println("aec: error: cannot read " + file + ": " + ModelFiles.reason(e));
                return ExitCode.USAGE;
            } catch (SparkOptions.CannotStart e) {
                err.println("aec: error: " + e.getMessage());
                return e.exitCode();
            } catch (RuntimeException e) {
                Optional<String> spark = sparkOptions.requested() && dev.aec.spark.SparkClassPath.hasSpark()
                        ? dev.aec.spark.SparkTraining.sparkFailure(e) : Optional.empty();
                if (spark.isEmpty()) {
                    throw e;
                }
                err.println("aec: error: Spark gave up on the run: " + spark.get());
                resumeHint(err);
                return ExitCode.ENVIRONMENT;
            }
        }
    }

    /**
     * Spark started for `--spark` before anything of the run is written, said on `err`; empty
     * without the flag. A resumed run's `recorded` settings stand where no flag changes them.
     */
    private Optional<SparkOptions.Started> startSpark(TrainSpec spec, RunSources sources,
                                                      Optional<RunRecord.Distributed> recorded, PrintWriter err)
            throws SparkOptions.CannotStart {
        if (!sparkOptions.requested()) {
            return Optional.empty();
        }
        SparkOptions.Started started = sparkOptions.start(spec, sources, recorded, quiet, err);
        if (!quiet) {
            err.println("aec: training on " + started.describe());
        }
        return Optional.of(started);
    }

    /** The `--spark` flag that resumes a run on the master it was training on; empty for a local run. */
    private String sparkSuffix() {
        if (!sparkOptions.requested()) {
            return "";
        }
        return sparkOptions.master.isEmpty() ? " --spark" : " --spark '" + sparkOptions.master + "'";
    }

    /** After a failure once the run had begun: its last checkpoint is intact, and training can go on from it. */
    private void resumeHint(PrintWriter err) {
        if (started != null) {
            err.println("aec: the run's last checkpoint is intact; once that is fixed, carry on with: aec train --resume "
                    + started + sparkSuffix());
        }
    }

    private void validateFlags() {
        new TrainOverrides(epochs, batch, seed, limit).problem().ifPresent(problem -> {
            throw new ParameterException(spec.commandLine(), problem);
        });
        sparkOptions.problem().ifPresent(problem -> {
            throw new ParameterException(spec.commandLine(), problem);
        });
        if (noVerify && data == null) {
            throw new ParameterException(spec.commandLine(), "--no-verify needs --data DIR");
        }
        if (resume == null && file == null) {
            throw new ParameterException(spec.commandLine(), "missing FILE (or --resume RUN)");
        }
        if (resume != null && (file != null || out != null || force || epochs != null || batch != null || seed != null
                || limit != null || model != null)) {
            throw new ParameterException(spec.commandLine(),
                    "--resume carries on a run with its own settings; give only --resume RUN (and --data)");
        }
    }

    private int newRun(PrintWriter stdout, PrintWriter err, StopSignal stop)
            throws IOException, RunException, DataException, SparkOptions.CannotStart {
        Compiler.Result result = ModelFiles.compile(file, dev.aec.runtime.data.source.Sources::probe);
        boolean ok = DiagnosticPrinter.print(result, err, quiet, false, diagnosticOptions.maxErrors());
        DiagnosticPrinter.printExplainLine(result, err, quiet, diagnosticOptions.maxErrors());
        if (!ok) {
            return ExitCode.MODEL_ERRORS;
        }
        CheckedProgram program = result.program().orElseThrow();
        List<TrainSpec> local = program.trains().stream().filter(t -> t.span().file() == result.main()).toList();
        Optional<TrainSpec> chosen = choose(local, err);
        if (chosen.isEmpty()) {
            return local.isEmpty() ? ExitCode.MODEL_ERRORS : ExitCode.USAGE;
        }
        TrainSpec base = chosen.get();
        TrainSpec spec = new TrainOverrides(epochs, batch, seed, limit).applyTo(base, program.probedCount(base.data()),
                this.spec.commandLine());
        // What `aec check` warns of (more memory than this machine allows, a heap too small to save
        // the weights) is said before anything is written.
        MemoryBudget.warnings(spec.model(), SummaryTable.memory(spec, program), MemoryLimit.inForce(),
                MachineMemory.read()).forEach(w -> err.println("aec: warning: " + w));
        TrainingProgress progress = new TrainingProgress(err, Terminal.interactive(), quiet);
        progress.showLearningRate(spec.schedule().isPresent());
        RunSources sources = RunSources.of(result, Optional.of(file.toAbsolutePath()));
        // Spark starts first: a run on it reads a cluster's files through it.
        Optional<SparkOptions.Started> spark = startSpark(spec, sources, Optional.empty(), err);
        Optional<RunData.Loaded> loaded;
        try {
            loaded = load(spec, program, Optional.ofNullable(limit), progress, Optional.empty(), spark, stop);
        } catch (DataException | RuntimeException e) {
            spark.ifPresent(SparkOptions.Started::close);
            throw e;
        }
        if (loaded.isEmpty() || stop.getAsBoolean()) {
            spark.ifPresent(SparkOptions.Started::close);
            err.println("aec: stopped while loading the data, before anything was written");
            return stop.exitCode();
        }
        try (RunDirectory run = out != null ? RunDirectory.create(out, force) : RunDirectory.createUnique(
                Path.of("runs", spec.model() + "-" + LocalDateTime.now().format(
                        DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT))))) {
            if (!quiet) {
                RunData.SourceFacts data = loaded.get().facts().data();
                err.printf(Locale.ROOT, "aec: training %s (%,d parameters) on %s (%,d samples%s) from %s, writing to %s%n",
                        spec.model(), dev.aec.compiler.ir.Lowerer.lower(program, spec.model()).paramCount(),
                        data.source(), loaded.get().train().count(), shares(loaded.get()), data.path(), run.path());
                skipped(loaded.get().facts(), err);
            }
            TrainingRun.Request request = new TrainingRun.Request(program, spec, sources, Optional.ofNullable(limit),
                    loaded.get(), run, checkpointInterval());
            started = run.path();
            TrainingRun.Outcome outcome;
            try {
                outcome = TrainingRun.start(request, spark.map(SparkOptions.Started::engine)
                        .orElse(TrainingRun.Engine.LOCAL), progress, stop);
            } finally {
                progress.closeBar();
            }
            return report(outcome, run, stdout, err, stop);
        } finally {
            spark.ifPresent(SparkOptions.Started::close);
        }
    }

    private int resumeRun(PrintWriter stdout, PrintWriter err, StopSignal stop)
            throws RunException, DataException, SparkOptions.CannotStart {
        try (RunDirectory run = RunDirectory.openToTrain(resume, stale -> { })) {
            RunRecord record = run.readRecord();
            // Checked whatever the status, so an edited run is never reported on as if it were intact.
            Compiler.Result result = RunSources.compile(run, record);
            boolean ok = DiagnosticPrinter.print(result, err, quiet, false, diagnosticOptions.maxErrors());
            DiagnosticPrinter.printExplainLine(result, err, quiet, diagnosticOptions.maxErrors());
            if (!ok) {
                return ExitCode.MODEL_ERRORS;
            }
            switch (record.status()) {
                case RunRecord.FINISHED -> {
                    boolean early = record.controls() != null && record.controls().stopped();
                    err.println("aec: " + resume + (early ? " already finished: early stopping ended it after epoch "
                            + record.epochs().size() : " already finished all " + record.settings().epochs() + " epochs")
                            + "; nothing to resume");
                    return report(new TrainingRun.Outcome(Trainer.Outcome.FINISHED, record), run, stdout, err, stop);
                }
                case RunRecord.DIVERGED -> {
                    err.println("aec: error: " + resume + " diverged (" + record.failure() + "); resuming would "
                            + "diverge the same way");
                    err.println("aec: help: train the model again with a lower learning rate; the run's last good "
                            + "weights stay in " + resume.resolve(RunDirectory.MODEL));
                    return ExitCode.DIVERGED;
                }
                case RunRecord.RUNNING -> err.println("aec: " + resume + " stopped without finishing (its process "
                        + "was killed); resuming from its last checkpoint");
                case RunRecord.FAILED -> err.println("aec: " + resume + " had failed (" + record.failure()
                        + "); resuming from its last checkpoint");
                default -> {
                }
            }
            CheckedProgram program = result.program().orElseThrow();
            TrainSpec base = program.train(record.model()).orElseThrow(() -> new RunException(
                    RunException.Kind.DAMAGED, resume + " names model " + record.model()
                            + ", which its source does not train"));
            RunRecord.Settings s = record.settings();
            TrainSpec spec = base.with(s.batch(), s.epochs(), s.shuffle(), s.seed());
            TrainingProgress progress = new TrainingProgress(err, Terminal.interactive(), quiet);
            progress.showLearningRate(spec.schedule().isPresent());
            Optional<SparkOptions.Started> spark = startSpark(spec, RunSources.kept(result, record),
                    Optional.ofNullable(record.distributed()), err);
            Optional<RunData.Loaded> loaded;
            try {
                loaded = load(spec, program, Optional.ofNullable(s.limit()), progress, run.readData(), spark, stop);
            } catch (DataException | RuntimeException e) {
                spark.ifPresent(SparkOptions.Started::close);
                throw e;
            }
            if (loaded.isEmpty()) {
                spark.ifPresent(SparkOptions.Started::close);
                err.println("aec: stopped while loading the data; the run is as it was");
                return stop.exitCode();
            }
            if (!quiet) {
                err.printf(Locale.ROOT, "aec: resuming %s at epoch %d of %d, batch %d%n", resume,
                        Math.min(record.position().epoch() + 1, s.epochs()), s.epochs(), record.position().batch() + 1);
            }
            CheckpointEvery every = checkpointEvery == null && s.checkpointEvery() != null
                    ? CheckpointEvery.parse(s.checkpointEvery()).orElse(CheckpointEvery.DEFAULT) : checkpointInterval();
            TrainingRun.Request request = new TrainingRun.Request(program, spec, RunSources.single(
                    result.main().text(), record.sourceFile()), Optional.ofNullable(s.limit()), loaded.get(), run, every);
            started = resume;
            TrainingRun.Outcome outcome;
            try {
                outcome = TrainingRun.resume(request, record, spark.map(SparkOptions.Started::engine)
                        .orElse(TrainingRun.Engine.LOCAL), progress, stop);
            } finally {
                progress.closeBar();
                spark.ifPresent(SparkOptions.Started::close);
            }
            return report(outcome, run, stdout, err, stop);
        }
    }

    private CheckpointEvery checkpointInterval() {
        if (checkpointEvery == null) {
            return CheckpointEvery.DEFAULT;
        }
        return CheckpointEvery.parse(checkpointEvery).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--checkpoint-every takes a number of batches (500), a time (90s, 10m, 1h) or `epoch`, found `"
                        + checkpointEvery + "`"));
    }

    private Optional<TrainSpec> choose(List<TrainSpec> trains, PrintWriter err) {
        if (trains.isEmpty()) {
            err.println("aec: error: " + file + " has no train block; add one like `train Autoencoder { data: mnist "
                    + "loss: binary_crossentropy optimizer: adadelta }`");
            return Optional.empty();
        }
        if (model != null) {
            Optional<TrainSpec> named = trains.stream().filter(t -> t.model().equals(model)).findFirst();
            if (named.isEmpty()) {
                err.println("aec: error: " + file + " has no train block for `" + model + "`; it trains "
                        + String.join(", ", trains.stream().map(TrainSpec::model).toList()));
            }
            return named;
        }
        if (trains.size() > 1) {
            err.println("aec: error: " + file + " has several train blocks; choose one with --model ("
                    + String.join(", ", trains.stream().map(TrainSpec::model).toList()) + ")");
            return Optional.empty();
        }
        return Optional.of(trains.get(0));
    }

    /**
     * The run's data, read before anything is written, so a data error leaves no run behind; empty
     * when a stop signal came while decoding.
     */
    private Optional<RunData.Loaded> load(TrainSpec spec, CheckedProgram program, Optional<Integer> limit,
                                          TrainingProgress progress, Optional<RunData.Facts> saved,
                                          Optional<SparkOptions.Started> spark, StopSignal stop)
            throws DataException {
        progress.loading(describe(spec.data()));
        RunData.Access here = dataOptions().access(progress);
        try {
            RunData.Loaded loaded = RunData.load(spec, dev.aec.compiler.ir.Lowerer.lower(program, spec.model()).input(),
                    limit, spark.map(s -> s.access(here)).orElse(here), saved, stop);
            // Reading a named dataset leaves its floats on the heap as garbage (220 MB for MNIST, in a
            // 384 MB heap) once they are copied off it; collected now, they cannot slow the training
            // steps: left to the collector, the dense autoencoder trained 14-20% slower.
            System.gc();
            return Optional.of(loaded);
        } catch (InterruptedException e) {
            return Optional.empty();
        } finally {
            progress.closeBar();
        }
    }

    /** What is being loaded, in words: `mnist training images`, or the source as written. */
    private static String describe(dev.aec.compiler.data.DataSource data) {
        if (data instanceof dev.aec.compiler.data.DataRef ref) {
            return ref.dataset() + (ref.split() == dev.aec.compiler.data.DataRef.Split.TRAIN ? " training" : " test")
                    + " images";
        }
        return data.toString();
    }

    private DataOptions dataOptions() {
        DataOptions options = new DataOptions();
        options.data = data;
        options.noVerify = noVerify;
        return options;
    }

    private static String shares(RunData.Loaded loaded) {
        StringBuilder s = new StringBuilder();
        loaded.validation().ifPresent(v -> s.append(String.format(Locale.ROOT, ", %,d to validate", v.count())));
        loaded.test().ifPresent(t -> s.append(String.format(Locale.ROOT, ", %,d to test", t.count())));
        return s.toString();
    }

    private static void skipped(RunData.Facts facts, PrintWriter err) {
        if (!facts.skipped().isEmpty()) {
            err.printf(Locale.ROOT, "aec: warning: skipped %,d unreadable %s (skip_bad: true): %s%s%n",
                    facts.skipped().size(), facts.skipped().size() == 1 ? "file" : "files",
                    String.join("; ", facts.skipped().subList(0, Math.min(3, facts.skipped().size()))),
                    facts.skipped().size() > 3 ? "; ..." : "");
        }
    }

    private int report(TrainingRun.Outcome outcome, RunDirectory run, PrintWriter stdout, PrintWriter err,
                       StopSignal stop) {
        RunRecord record = outcome.record();
        if (outcome.outcome() == Trainer.Outcome.INTERRUPTED) {
            RunRecord.Position p = record.position();
            err.printf(Locale.ROOT, "aec: interrupted; checkpoint saved %s%n", p.batch() == 0
                    ? String.format(Locale.ROOT, "after epoch %d of %d", p.epoch(), record.settings().epochs())
                    : String.format(Locale.ROOT, "at epoch %d, batch %d", p.epoch() + 1, p.batch() + 1));
            err.println("aec: carry on with: aec train --resume " + run.path() + sparkSuffix());
            err.flush();
            return stop.exitCode();
        }
        if (outcome.outcome() == Trainer.Outcome.DIVERGED) {
            RunRecord.Position p = record.position();
            err.println("aec: error: training diverged: " + record.failure());
            err.printf(Locale.ROOT, "aec: the last good checkpoint (%s) is kept in %s%n", p.epoch() == 0 && p.batch() == 0
                    ? "the untrained weights" : p.batch() == 0 ? "after epoch " + p.epoch()
                    : "epoch " + (p.epoch() + 1) + ", batch " + (p.batch() + 1), run.path());
            err.println("aec: help: lower the learning rate (`optimizer: " + record.settings().optimizer()
                    + "(learning_rate: ...)`), or use adam or adadelta, and train again");
            err.flush();
            return ExitCode.DIVERGED;
        }
        double samplesPerSecond = record.epochs().stream().mapToDouble(RunRecord.Epoch::samplesPerSecond).average()
                .orElse(0);
        stdout.printf(Locale.ROOT, "run:        %s%n", run.path());
        boolean classifier = record.testAccuracy() != null;
        String testData = testData(record, run);
        if (record.testLoss() != null) {
            stdout.printf(Locale.ROOT, "test loss:  %.4f %s%n", record.testLoss(), LossUnits.describe(
                    record.settings().loss(), record.settings().reduction(), testData
                            + (record.settings().noise() == null ? "" : ", inputs with " + record.settings().noise()
                            + " noise, fixed seed")));
            LossUnits.parts(record.testParts(), record.testLoss()).ifPresent(p ->
                    stdout.printf(Locale.ROOT, "            %s%n", p));
        } else {
            stdout.printf(Locale.ROOT, "test loss:  none (the train block sets no `test:`; `test: split(0.1)` holds "
                    + "out a tenth of the data to measure it)%n");
        }
        if (classifier) {
            stdout.printf(Locale.ROOT, "accuracy:   %.2f%% of %s%n", 100 * record.testAccuracy(), testData);
        }
        RunRecord.Controls controls = record.controls();
        String early = controls == null || !controls.stopped() ? "" : String.format(Locale.ROOT,
                " of %d (stopped early)", record.settings().epochs());
        stdout.printf(Locale.ROOT, "trained:    %d epoch%s%s, %,.0f samples/s, %.1f s in all, peak memory %.2f GB%n",
                record.epochs().size(), record.epochs().size() == 1 ? "" : "s", early, samplesPerSecond,
                record.wallSeconds(), record.peakResidentBytes() / 1e9);
        if (controls != null && controls.restoredEpoch() != null) {
            stdout.printf(Locale.ROOT, "weights:    epoch %d's, the best by the %s loss (restore_best)%n",
                    controls.restoredEpoch(), record.settings().validation() == null ? "training" : "validation");
        }
        Path picture = run.path().resolve(classifier ? RunDirectory.PREDICTIONS : RunDirectory.PICTURE);
        if (java.nio.file.Files.exists(picture)) {
            stdout.printf(Locale.ROOT, "picture:    %s%n", picture);
        }
        if (java.nio.file.Files.exists(run.path().resolve(RunDirectory.LOSS))) {
            stdout.printf(Locale.ROOT, "curves:     %s%n", run.path().resolve(RunDirectory.LOSS));
        }
        stdout.flush();
        return ExitCode.OK;
    }

    /** What the test loss was measured on, in words: `the mnist test images`, `2,000 samples of split(0.1) of csv(...)`. */
    private static String testData(RunRecord record, RunDirectory run) {
        String data = record.settings().data();
        if (!data.contains("(")) {
            return "the " + data.replaceFirst("\\..*", "") + " test images";
        }
        try {
            Optional<RunData.Facts> facts = run.readData();
            if (facts.isPresent() && facts.get().testSamples() != null) {
                return String.format(Locale.ROOT, "%,d test samples", facts.get().testSamples());
            }
        } catch (RunException e) {
            // The summary does without the count.
        }
        return "the test samples";
    }
}
