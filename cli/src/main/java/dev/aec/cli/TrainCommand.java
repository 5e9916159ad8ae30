package dev.aec.cli;

import dev.aec.compiler.Compiler;
import dev.aec.compiler.check.CheckedProgram;
import dev.aec.compiler.model.TrainSpec;
import dev.aec.compiler.source.SourceFile;
import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.DatasetLocation;
import dev.aec.runtime.data.DatasetResolver;
import dev.aec.runtime.data.DatasetSpec;
import dev.aec.runtime.run.RunDirectory;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.RunRecord;
import dev.aec.runtime.run.TrainingRun;
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
        description = "Trains on the dataset the train block names (fetched, verified and cached on first use) and leaves a run directory: the trained model, run.json with every setting and per-epoch loss, metrics.csv and reconstructions.png. Ctrl-C finishes the current batch, saves a checkpoint and exits with 130; --resume carries on from it.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  aec train models/conv_autoencoder.aemodel",
            "  aec train models/dense_autoencoder.aemodel --epochs 2 --limit 6000 --out runs/dense-quick",
            "  aec train --resume runs/dense-quick",
            "",
            "Exit codes: 0 trained, 1 the model has errors, 2 usage (or the run directory exists),",
            "3 data or disk problems, 130 interrupted (checkpoint saved)."})
final class TrainCommand implements Callable<Integer> {
    static final int INTERRUPTED = 130;

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

    @Option(names = "--resume", paramLabel = "RUN", description = "Carry on an interrupted run from its checkpoint.")
    Path resume;

    @Option(names = {"-v", "--verbose"}, description = "Show ND4J's own log lines.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Print errors and the final summary only.")
    boolean quiet;

    @Mixin
    DiagnosticOptions diagnosticOptions = new DiagnosticOptions();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        validateFlags();
        System.setProperty("aec.verbose", Boolean.toString(verbose));
        try {
            return resume != null ? resumeRun(stdout, err) : newRun(stdout, err);
        } catch (RunException e) {
            err.println("aec: error: " + e.getMessage());
            return e.kind() == RunException.Kind.EXISTS || e.kind() == RunException.Kind.NOT_A_RUN
                    ? ExitCode.USAGE : ExitCode.ENVIRONMENT;
        } catch (DataException e) {
            err.println("aec: error: " + e.getMessage());
            if (data != null && e.getMessage().contains("checksum mismatch")) {
                err.println("aec: if this is your own data in the same IDX format, add --no-verify");
            }
            return ExitCode.ENVIRONMENT;
        } catch (IOException e) {
            err.println("aec: error: cannot read " + file + ": " + ModelFiles.reason(e));
            return ExitCode.USAGE;
        }
    }

    private void validateFlags() {
        new TrainOverrides(epochs, batch, seed, limit).problem().ifPresent(problem -> {
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

    private int newRun(PrintWriter stdout, PrintWriter err) throws IOException, RunException, DataException {
        Compiler.Result result = ModelFiles.compile(file);
        if (!DiagnosticPrinter.print(result, err, quiet, false, diagnosticOptions.maxErrors())) {
            return ExitCode.MODEL_ERRORS;
        }
        CheckedProgram program = result.program().orElseThrow();
        List<TrainSpec> local = program.trains().stream().filter(t -> t.span().file() == result.main()).toList();
        Optional<TrainSpec> chosen = choose(local, err);
        if (chosen.isEmpty()) {
            return local.isEmpty() ? ExitCode.MODEL_ERRORS : ExitCode.USAGE;
        }
        TrainSpec base = chosen.get();
        TrainSpec spec = new TrainOverrides(epochs, batch, seed, limit).applyTo(base, this.spec.commandLine());
        Path dir = out != null ? out : Path.of("runs", spec.model() + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        RunDirectory run = RunDirectory.create(dir, force);
        TrainingProgress progress = new TrainingProgress(err, Terminal.interactive(), quiet);
        DatasetLocation location = resolveData(spec.data().dataset(), progress);
        if (!quiet) {
            err.printf(Locale.ROOT, "aec: training %s (%,d parameters) on %s from %s, writing to %s%n", spec.model(),
                    dev.aec.compiler.ir.Lowerer.lower(program, spec.model()).paramCount(),
                    spec.data().dataset(), location.directory(), dir);
        }
        TrainingRun.Request request = new TrainingRun.Request(program, spec, result.main().text(),
                result.main().displayPath(), Optional.ofNullable(limit), location, run);
        StopSignal stop = StopSignal.install(err);
        TrainingRun.Outcome outcome = TrainingRun.start(request, progress, stop);
        progress.closeBar();
        return report(outcome, run, stdout, err);
    }

    private int resumeRun(PrintWriter stdout, PrintWriter err) throws RunException, DataException {
        RunDirectory run = RunDirectory.open(resume);
        RunRecord record = run.readRecord();
        if (RunRecord.FINISHED.equals(record.status())) {
            err.println("aec: error: " + resume + " already finished all " + record.settings().epochs()
                    + " epochs; nothing to resume");
            return ExitCode.USAGE;
        }
        SourceFile source = new SourceFile(resume.resolve(RunDirectory.SOURCE).toString(), run.readSource());
        Compiler.Result result = Compiler.compile(source, resume.toAbsolutePath());
        if (!DiagnosticPrinter.print(result, err, quiet, false, diagnosticOptions.maxErrors())) {
            return ExitCode.MODEL_ERRORS;
        }
        CheckedProgram program = result.program().orElseThrow();
        TrainSpec base = program.train(record.model()).orElseThrow(() -> new RunException(
                RunException.Kind.NOT_A_RUN, resume + " names model " + record.model() + ", which its source does not train"));
        RunRecord.Settings s = record.settings();
        TrainSpec spec = new TrainSpec(base.model(), base.modelSpan(), base.span(), base.data(), base.loss(),
                base.lossSpan(), base.reduction(), base.optimizer(), s.batch(), s.epochs(), s.shuffle(), base.validation(),
                s.seed(), base.noise());
        TrainingProgress progress = new TrainingProgress(err, Terminal.interactive(), quiet);
        DatasetLocation location = resolveData(spec.data().dataset(), progress);
        if (!quiet) {
            err.printf(Locale.ROOT, "aec: resuming %s at epoch %d of %d, batch %d%n", resume,
                    record.position().epoch() + 1, s.epochs(), record.position().batch() + 1);
        }
        TrainingRun.Request request = new TrainingRun.Request(program, spec, source.text(), record.sourceFile(),
                Optional.ofNullable(s.limit()), location, run);
        StopSignal stop = StopSignal.install(err);
        TrainingRun.Outcome outcome = TrainingRun.resume(request, record, progress, stop);
        progress.closeBar();
        return report(outcome, run, stdout, err);
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

    private DatasetLocation resolveData(String dataset, TrainingProgress progress) throws DataException {
        DatasetSpec spec = DatasetSpec.named(dataset).orElseThrow(() ->
                new IllegalStateException("the checker accepted unknown dataset " + dataset));
        DatasetResolver resolver = DatasetResolver.standard();
        return noVerify ? resolver.unverified(spec, data) : resolver.resolve(spec, Optional.ofNullable(data), progress);
    }

    private int report(TrainingRun.Outcome outcome, RunDirectory run, PrintWriter stdout, PrintWriter err) {
        RunRecord record = outcome.record();
        if (outcome.outcome() == Trainer.Outcome.INTERRUPTED) {
            err.printf(Locale.ROOT, "aec: interrupted; checkpoint saved at epoch %d, batch %d%n",
                    record.position().epoch() + 1, record.position().batch() + 1);
            err.println("aec: carry on with: aec train --resume " + run.path());
            err.flush();
            return INTERRUPTED;
        }
        double samplesPerSecond = record.epochs().stream().mapToDouble(RunRecord.Epoch::samplesPerSecond).average()
                .orElse(0);
        stdout.printf(Locale.ROOT, "run:        %s%n", run.path());
        String dataset = record.settings().data().replaceFirst("\\..*", "");
        boolean classifier = record.testAccuracy() != null;
        stdout.printf(Locale.ROOT, "test loss:  %.4f %s%n", record.testLoss(), LossUnits.describe(
                record.settings().loss(), record.settings().reduction(), "the " + dataset + " test images"
                        + (record.settings().noise() == null ? "" : ", inputs with " + record.settings().noise()
                        + " noise, fixed seed")));
        LossUnits.parts(record.testParts(), record.testLoss()).ifPresent(p ->
                stdout.printf(Locale.ROOT, "            %s%n", p));
        if (classifier) {
            stdout.printf(Locale.ROOT, "accuracy:   %.2f%% of the %s test images%n", 100 * record.testAccuracy(),
                    dataset);
        }
        stdout.printf(Locale.ROOT, "trained:    %d epoch%s, %,.0f samples/s, %.1f s in all, peak memory %.2f GB%n",
                record.epochs().size(), record.epochs().size() == 1 ? "" : "s", samplesPerSecond, record.wallSeconds(),
                record.peakResidentBytes() / 1e9);
        stdout.printf(Locale.ROOT, "picture:    %s%n",
                run.path().resolve(classifier ? RunDirectory.PREDICTIONS : RunDirectory.PICTURE));
        stdout.flush();
        return ExitCode.OK;
    }
}
