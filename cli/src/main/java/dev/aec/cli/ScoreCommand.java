package dev.aec.cli;

import dev.aec.runtime.data.DataException;
import dev.aec.runtime.data.source.CsvWriter;
import dev.aec.runtime.picture.ErrorHistogram;
import dev.aec.runtime.run.RunDirectory;
import dev.aec.runtime.run.RunException;
import dev.aec.runtime.run.SavedRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `aec score`: anomaly detection, each sample's reconstruction error against a threshold. */
@Command(name = "score",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Score every sample of PATH by how badly the run reconstructs it, and flag those above a threshold.",
        description = {"Each sample's score is the run's own loss on it alone (its reconstruction error). Samples "
                + "unlike the training data reconstruct badly: scoring finds them. The threshold is the 99th "
                + "percentile of the errors on the run's training share unless --threshold or --percentile says "
                + "otherwise. Writes a CSV (name, error, above) in PATH's order and a histogram PNG beside it with the "
                + "threshold marked, and prints how many samples exceed it."},
        footerHeading = "%nExamples:%n",
        footer = {"  aec score runs/parts new-parts/ -o scores.csv",
            "  aec score runs/sensors today.csv --percentile 99.9",
            "  aec score runs/sensors today.csv --threshold 0.02 -o today-scores.csv"})
final class ScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run directory written by `aec train`.")
    Path run;

    @Parameters(index = "1", paramLabel = "PATH",
            description = "A folder of images, or a .csv, .csv.gz, .npy, .npz or IDX file whose samples the run's model takes.")
    Path path;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "The CSV of scores; the histogram is written beside it as FILE with .png. "
                    + "Default: RUN/scores-<PATH's name>.csv.")
    Path output;

    @Option(names = "--threshold", paramLabel = "ERROR",
            description = "Flag samples whose error exceeds ERROR, instead of a percentile of the training errors.")
    Double threshold;

    @Option(names = "--percentile", paramLabel = "P", defaultValue = "99",
            description = "Flag samples above this percentile of the errors on the run's training share. Default: ${DEFAULT-VALUE}.")
    double percentile;

    @Option(names = "--force", description = "Replace the CSV and the PNG if they exist.")
    boolean force;

    @Mixin
    RunDataOptions data;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter out = spec.commandLine().getOut();
        try {
            if (!(percentile > 0 && percentile < 100)) {
                throw new IllegalArgumentException("--percentile must be above 0 and below 100, found " + percentile);
            }
            if (threshold != null && !Double.isFinite(threshold)) {
                throw new IllegalArgumentException("--threshold must be a number, found " + threshold);
            }
            Path csv = output != null ? output : run.resolve("scores-" + ReconstructCommand.safeName(path) + ".csv");
            if (!csv.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")) {
                throw new IllegalArgumentException("-o " + csv + ": write the scores to a .csv file");
            }
            Path png = csv.resolveSibling(csv.getFileName().toString().replaceFirst("(?i)\\.csv$", ".png"));
            for (Path target : List.of(csv, png)) {
                if (Files.exists(target) && !force) {
                    err.println("aec: error: " + target + " already exists; use --force to replace it, or -o to choose "
                            + "another file");
                    return ExitCode.USAGE;
                }
            }
            SavedRun saved = SavedRun.load(run);
            RunNotes.print(saved, err);
            if (saved.spec().loss().classifies()) {
                throw new IllegalArgumentException(run + " is a classifier, which has no reconstruction error to score");
            }
            RunWork.Scored scored = RunWork.score(saved, data, path, new TrainingProgress(err, false, false),
                    threshold == null ? OptionalDouble.empty() : OptionalDouble.of(threshold), percentile);
            CsvWriter.write(csv, List.of("name", "error", "above"), rows(scored));
            RunDirectory.writeAtomically(png, o -> javax.imageio.ImageIO.write(ErrorHistogram.draw(
                    "aec score " + saved.record().model() + " on " + path, scored.errors(), scored.threshold(),
                    scored.thresholdSource()), "png", o));
            out.printf(Locale.ROOT, "%,d of %s above the threshold %.6g (%s)%n", scored.above(), scored.description(),
                    scored.threshold(), scored.thresholdSource());
            out.printf(Locale.ROOT, "scores:     %s%n", csv);
            out.printf(Locale.ROOT, "histogram:  %s%n", png);
            return ExitCode.OK;
        } catch (IllegalArgumentException | RunException | DataException e) {
            return RunDataOptions.report(e, err);
        }
    }

    private static List<List<String>> rows(RunWork.Scored scored) {
        List<List<String>> rows = new ArrayList<>(scored.errors().length);
        for (int i = 0; i < scored.errors().length; i++) {
            double e = scored.errors()[i];
            rows.add(List.of(scored.names().apply(i), Double.toString(e), e > scored.threshold() ? "1" : "0"));
        }
        return rows;
    }
}
