package dev.aec.cli;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.RunRecord;
import dev.aec.runtime.run.SavedRun;
import dev.aec.runtime.train.Evaluator;
import dev.aec.runtime.train.InputNoise;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec eval`: the loss of a saved run on a dataset split. */
@Command(name = "eval",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Print the loss (and a classifier's accuracy) of a trained run on its test data (or --split train), "
                + "or on any data it fits.",
        footerHeading = "%nExamples:%n",
        footer = {"  aec eval runs/Autoencoder-20261124-101500", "  aec eval runs/dense --split train",
            "  aec eval runs/photos more-photos/"})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run directory written by `aec train`.")
    Path run;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH",
            description = "Data to measure instead of the run's own: a folder of images, or a .csv, .npy, .npz or IDX file, "
                    + "read as the run's training data was.")
    Path path;

    @Mixin
    RunDataOptions data;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        try {
            data.split();
            SavedRun saved = SavedRun.load(run);
            RunNotes.print(saved, err);
            TrainingProgress progress = new TrainingProgress(err, false, false);
            RunExamples.Chosen chosen = path != null ? RunExamples.examples(data, saved, path, progress)
                    : RunExamples.examples(data, saved, progress);
            InputNoise noise = InputNoise.of(saved.spec().noise());
            Evaluator.Evaluation result = Evaluator.evaluate(saved.model(), chosen.examples(), noise);
            out.printf(Locale.ROOT, "%s loss: %.4f %s%n", path != null ? "data" : data.split, result.loss(),
                    LossUnits.describe(saved.spec().loss().keyword(), saved.spec().reduction().keyword(),
                    chosen.description() + (noise.isNone()
                            ? "" : ", inputs with " + noise + " noise, fixed seed " + InputNoise.EVALUATION_SEED)));
            result.parts().flatMap(p -> LossUnits.parts(new RunRecord.LossParts(p.reconstruction(), p.kl()),
                    result.loss())).ifPresent(p -> out.printf(Locale.ROOT, "%s%n", p));
            if (result.accuracy().isPresent()) {
                out.printf(Locale.ROOT, "%s accuracy: %.2f%%%n", data.split, 100 * result.accuracy().getAsDouble());
            }
            return ExitCode.OK;
        } catch (IllegalArgumentException | RunException | DataException e) {
            return RunDataOptions.report(e, err);
        }
    }
}
