package dev.aec.cli;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.Dataset;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.RunRecord;
import dev.aec.runtime.run.SavedRun;
import dev.aec.runtime.run.TrainingRun;
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
        header = "Print the loss (and a classifier's accuracy) of a trained run on its dataset's test split "
                + "(or --split train).",
        footerHeading = "%nExamples:%n",
        footer = {"  aec eval runs/Autoencoder-20261124-101500", "  aec eval runs/dense --split train"})
final class EvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN", description = "A run directory written by `aec train`.")
    Path run;

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
            String dataset = TrainingRun.dataset(saved.spec());
            Dataset set = data.read(dataset, new TrainingProgress(err, false, false));
            InputNoise noise = InputNoise.of(saved.spec().noise());
            Evaluator.Evaluation result = Evaluator.evaluate(saved.model(),
                    TrainingRun.examples(set, saved.spec(), saved.model().graph()), noise);
            out.printf(Locale.ROOT, "%s loss: %.4f %s%n", data.split, result.loss(), LossUnits.describe(
                    saved.spec().loss().keyword(), saved.spec().reduction().keyword(),
                    String.format(Locale.ROOT, "%,d %s %s images%s", set.count(), dataset, data.split, noise.isNone()
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
