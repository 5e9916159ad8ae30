package dev.aec.cli;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.SavedRun;
import dev.aec.runtime.run.RunDirectory;
import dev.aec.runtime.run.RunPictures;
import dev.aec.runtime.train.Examples;
import dev.aec.runtime.train.InputNoise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec reconstruct`: the inputs-above-reconstructions picture of a saved run, for any split. */
@Command(name = "reconstruct",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Draw test images above their reconstructions by a trained run.",
        description = "Writes a PNG with a row of images (the run's test data, --split, or PATH) above the trained model's "
                + "reconstructions of them, as in the tutorial's figures.",
        footerHeading = "%nExamples:%n",
        footer = {"  aec reconstruct runs/Autoencoder-20261124-101500",
            "  aec reconstruct runs/conv --n 8 --split train -o train8.png",
            "  aec reconstruct runs/photos holiday-photos/ -o holiday.png"})
final class ReconstructCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run directory written by `aec train`.")
    Path run;

    @Option(names = "--n", paramLabel = "N", defaultValue = "16",
            description = "How many images, from the start of the split. Default: ${DEFAULT-VALUE}.")
    int n;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the PNG. Default: RUN/reconstructions-<split>-<n>.png.")
    Path output;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    boolean force;

    @Parameters(index = "1", arity = "0..1", paramLabel = "PATH",
            description = "Images to draw instead of the run's own: a folder of images, or a .csv, .npy, .npz or IDX file, "
                    + "read as the run's training data was.")
    Path path;

    @Mixin
    RunDataOptions data;

    @Override
    public Integer call() {
        var err = spec.commandLine().getErr();
        var out = spec.commandLine().getOut();
        try {
            if (n < 1 || n > 1000) {
                throw new IllegalArgumentException("--n must be between 1 and 1000, found " + n);
            }
            data.split();
            String what = path != null ? safeName(path) : data.split;
            Path target = output != null ? output : run.resolve("reconstructions-" + what + "-" + n + ".png");
            if (Files.exists(target) && !force) {
                err.println("aec: error: " + target + " already exists; use --force to replace it, or -o to choose another file");
                return ExitCode.USAGE;
            }
            SavedRun saved = SavedRun.load(run);
            RunNotes.print(saved, err);
            if (saved.spec().loss().classifies()) {
                throw new IllegalArgumentException(run + " is a classifier, which has no reconstructions; its picture of "
                        + "test digits by predicted class is " + run.resolve(RunDirectory.PREDICTIONS));
            }
            TrainingProgress progress = new TrainingProgress(err, false, false);
            Examples examples = (path != null ? RunExamples.examples(data, saved, path, progress)
                    : RunExamples.examples(data, saved, progress)).examples();
            if (!RunPictures.reconstructions(saved.model(), examples, n, InputNoise.of(saved.spec().noise()), target)) {
                throw new IllegalArgumentException("the run's samples are " + saved.model().graph().input()
                        + ", which are not pictures; `aec score RUN PATH` measures how well they are reconstructed");
            }
            out.println(target);
            return ExitCode.OK;
        } catch (IllegalArgumentException | RunException | DataException e) {
            return RunDataOptions.report(e, err);
        }
    }

    /** A file name part for PATH: `holiday-photos` for `holiday-photos/`, `test` for `test.npy`. */
    static String safeName(Path path) {
        Path name = path.toAbsolutePath().normalize().getFileName();
        String text = name == null ? "data" : name.toString().replaceAll("\\.(csv\\.gz|csv|npy|npz|gz)$", "");
        return text.replaceAll("[^A-Za-z0-9_.-]", "_");
    }
}
